"""Propose term pairs from aligned Chinese–English sentence pairs, best first: ``mine_terms``.

Input is sentence pairs someone already aligned (``bitext glossary mine`` runs bitext's aligner in
``bitext.translate.mine_run``); nothing here reads files or aligns.

Chinese candidates come from four places:
  * recurring character n-grams (2–16 characters, counted level by level so only n-grams whose two
    (n-1)-grams recur are counted), quotation marks ignored (“放管服”改革 recurs as 放管服改革, and its
    row prints it as the text does). With a dictionary, most occurrences must start and end on
    dictionary word boundaries, and no word may stand next to the unit in two thirds of its
    occurrences unless that word opens a clause or is a function word (侧结构性改革 always follows
    供给: a fragment; 新发展格局 always follows 构建: a unit). Without one, both boundaries must vary
    (at least two neighbours, none in more than ``max_neighbour_share`` of the occurrences);
  * numbered and patterned formulas (四个意识, 两个维护, 六稳, …精神, …建设, …体系), scored higher, and
    found even once when a pattern word ends them (the words before it back to a clause opener);
  * quoted phrases and 《…》 titles, even when they occur once;
  * units the term base knows (any count, nested ones too: 脱贫攻坚 inside 脱贫攻坚战); CC-CEDICT
    headwords get a small bonus.
Candidates that begin or end with a function character (的, 和, 在 …) are dropped, those that begin
with a policy verb (推进, 加快 … unless the base knows the unit) scored down, and of two rows with the
same English whose Chinese nest, the longer goes.

The English rendering of a candidate is the English n-gram (1–12 words, not crossing punctuation, not
beginning or ending with a function word or inside a hyphenated word, not ending inside "to <verb>") that
best fits the pairs the candidate occurs in; for a unit the base knows, its own rendering when that occurs
in most of them:
  * co-occurrence across sentence pairs: Dice = 2·both / (pairs with zh + pairs with en); one
    co-occurrence among three or more pairs is ignored as chance;
  * dictionary glosses (a ``Dictionary``; CC-CEDICT in the CLI; numerals built in): the share of the
    Chinese the English words translate, times the share of English content words some part of the
    Chinese translates; a phrase that says a content word twice spans two units and is scored down;
    for a known unit whose pairs use none of its renderings, the words of those renderings explain
    English words too (a changed official form keeps most of them), without raising the row's score;
  * length (about one English word per three characters to two per character) and capitalisation
    (names and titles are capitalised in running English; a sentence's first word is read as the
    document spells that word inside its sentences);
  * on a tie the longer phrase when one contains the other ("Road Initiative" sits inside "Belt and
    Road Initiative"), else the shorter;
  * a phrase that stops short of a word glossing the rest of the Chinese in most of its pairs grows by
    that word: where the head noun varies ("micro and small businesses" / "enterprises") the shared
    words fit best by co-occurrence, but they are not the term.
The score of a row is how term-like the Chinese is (recurrence above all, then length, pattern, quotes,
known units: more for a slogan, theory formula or named policy, less for an entry of the catch-all category "other",
and more the more official editions print the entry)
times how confidently its English was found (the fit, or for a known unit the share of its pairs that
hold the base's rendering; halved for a single sentence pair and full from four). ``known`` says whether
the base already has the unit: absent, same (the mined English is an accepted rendering) or different.
Without ``include_known`` (mining for what the base lacks) a `different` row ranks on its own evidence, as
if the base did not know the unit: with the base's word these rows filled the top 300 of a report ahead of
the units the base lacks (of a report's entries held out of the base, the default top 300 held 69 over five
reports, and 306 once they ranked on their own evidence).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from bitext.core.printing import bare_zh, find_printed
from bitext.glossary.realised import occurs, rendering_keys, word_spans, words

HEADER = ("zh", "en", "score", "count", "example_zh", "example_en", "known")

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_QUOTED = re.compile(f"[“「]([{_HAN}A-Za-z0-9·、]{{2,24}})[”」]")
_TITLE = re.compile(r"《([^《》\n]{2,40})》")
_NUMERAL = "一二三四五六七八九十两双百千"
_NUMBER_WORDS = {
    "一": ("one", "firs", "sing"), "二": ("two", "seco"), "两": ("two", "both"), "双": ("dual", "doub", "two", "twin"),
    "三": ("thre", "thir", "trip"), "四": ("four",), "五": ("five", "fift"), "六": ("six", "sixt"), "七": ("seve",),
    "八": ("eigh",), "九": ("nine", "nint"), "十": ("ten", "tent"), "百": ("hund", "cent"), "千": ("thou",),
}
# 四个意识, 两个维护, 三大攻坚战, 五位一体, 六稳六保, 三去一降一补, 十四五
_NUMBERED = re.compile(f"^[{_NUMERAL}]+[个项大条种类化新]?[{_HAN}]{{1,10}}$")
_PATTERN_SUFFIXES = (
    "精神", "建设", "体系", "机制", "制度", "战略", "理念", "思想", "改革", "工程", "行动", "格局", "方针",
    "路线", "主义", "共同体", "试验区", "示范区", "新区", "攻坚战", "专项斗争", "责任制", "一体化", "现代化",
    "格局", "规划", "纲要", "计划", "政策", "工作会议", "委员会", "领导小组", "服务中心",
)
# A term does not begin or end with these (的 inside is fine: 党的领导).
_BAD_FIRST = set("的了和与及或是在对为把将被让向从以于并而也都就又还更最很其之等所着过好各")
_BAD_LAST = set("的了和与及或是在对为把将被让向从以于并而也都就又还更很其之着过地得等")
# Policy verbs and adverbs that open a clause, not a term: 推进供给侧结构性改革 is 推进 + a term.
_CLAUSE_OPENERS = (
    "推进", "推动", "加快", "加强", "深化", "坚持", "实施", "促进", "完善", "健全", "提高", "提升", "扩大", "支持",
    "落实", "继续", "着力", "大力", "积极", "进一步", "不断", "切实", "全力", "努力", "推行", "开展", "构建",
    "打造", "实现", "保持", "增强", "做好", "抓好", "巩固", "加大", "优化", "强化", "鼓励", "引导", "规范", "严格",
    "深入", "扎实", "统筹", "防范", "坚决", "我们", "今年", "要", "把", "使", "让", "对", "为", "在", "加速",
    "贯彻", "发挥", "出台", "高举", "参与", "围绕", "完成", "疏通", "铸牢", "弘扬", "建立", "推广", "培育", "保障",
    "维护", "践行", "加紧", "筑牢", "守住", "确保", "带动", "办好", "用好", "增加", "减少", "降低", "稳住", "激发",
    "释放", "拓展", "拓宽", "畅通", "打通", "融入", "面向", "依托", "通过", "按照", "根据", "聚焦", "立足", "给予",
    "健全", "开展", "抓紧", "强调", "发展", "提出", "形成", "推进", "落实好", "加快推进", "有效", "更好",
)

_EN_STOP = frozenset(
    """a an the of to in on at by for with from as and or but if so than then that this these those is are was
    were be been being am do does did have has had it its we our us they their them he his she her you your
    i my not no also will would shall should can could may might must more most such which who whom whose
    what when where while all both each every other any some into over under through about up out more
    very just only well over same own""".split())
_HYPHENS = {"-", "\u2010", "\u2011"}
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f]")
_EN_BREAK = re.compile(r"[^\s\-'’&]")  # anything but blanks, hyphens, apostrophes and & (R&D) breaks a phrase
MAX_EN_WORDS = 12  # "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era" has 12
_MAX_WORD = 6  # CC-CEDICT's longest headwords that the lexicon keeps
_FUNCTION_WORDS = {"和", "与", "及", "以及", "等", "中", "上", "下", "方面", "工作", "领域", "水平", "能力", "作用", "问题"}
# Quantifiers and classifiers before a unit count it, they are not part of it (各类市场主体, 三个自贸试验区).
# Quantifiers that are not a number with its classifier (those, 各类 and 一批 included, are _counted).
_QUANTIFIERS = {"各级", "广大", "所有", "这些", "一些", "若干", "全部"}
_CLASSIFIERS = set("个项类种批家所条")
_COUNTERS = set(_NUMERAL + "万几多每各这那")
_MAX_PATTERNED = 10
# How much the base's word that a unit is a term counts, by the entry's category: slogans and theory
# formulas and named policies, campaigns and programmes are the most fixed of fixed terms (reviewers list
# 18 % of the policy-campaign units the miner proposes, 8 % of the others), the catch-all "other"
# (standard phrases: 合法权益, 风险挑战) the least. Chosen on the official pairs (docs/term-base-quality.md,
# "What the top 300 rows hold").
_KNOWN_WEIGHT = {"slogan-theory": 1.5, "policy-campaign": 1.5, "other": 0.5}
# A rendering that several official editions print (a congress report, the Constitution, work reports of
# other years) is the document type's standing vocabulary, which a reference list of fixed terms holds;
# one printed once may be a passing phrase that a single edition's translator happened to use. The weight
# grows with each edition up to three (chosen on the official pairs, docs/term-base-quality.md, "What the
# top 300 rows hold").
_MAX_EDITIONS = 3
# Past this many characters a known unit is more often a description or a goal (高等教育内涵式发展,
# 粮食等重要农产品稳产保供) than a name, and reference lists of a report's fixed terms hold names first; as
# the base grew, such units filled the top rows (docs/term-base-quality.md "What the top 300 rows hold").
_LONG_KNOWN = 8
# About the highest raw termhood (a recurring, quoted slogan three editions print), so termhood stays in 0–1.
_TERMHOOD_SCALE = 2.0
_MAX_BONUS = 1.25  # the most _capitals can multiply a fit by
_FINALISTS = 12
_DOMINANT = 0.66  # a neighbour in this share of a unit's occurrences makes it a fragment (unless it separates)
# English words and gloss stems are compared on their first four letters: glosses come cut to five
# ("stabl"), and the text's inflections differ after four ("stability").
_PREFIX = 4


class Dictionary(Protocol):
    """Chinese words with English glosses; CC-CEDICT's lexicon in ``bitext.align`` is one."""

    def __contains__(self, word: str) -> bool: ...

    def translations(self, word: str) -> list[str]:
        """English words or stems; compared with the English on their first four letters."""
        ...


@dataclass(frozen=True)
class MineOptions:
    min_count: int = 2  # sentence pairs an n-gram must occur in (quoted, titled and known units: 1)
    max_zh: int = 16
    min_zh: int = 2  # two-character units only when patterned, quoted, titled or known
    max_neighbour_share: float = 0.75
    shortlist: int = 4000  # candidates whose English is searched, by Chinese termhood


@dataclass(frozen=True)
class Candidate:
    zh: str
    en: str
    score: float
    count: int  # sentence pairs the Chinese occurs in
    example_zh: str
    example_en: str
    known: str  # "absent", "same" or "different"

    def row(self) -> list[str]:
        return [self.zh, self.en, f"{self.score:.3f}", str(self.count), _one_line(self.example_zh),
                _one_line(self.example_en), self.known]


def write_tsv(candidates: Iterable[Candidate], stream: TextIO) -> None:
    stream.write("\t".join(HEADER) + "\n")
    for c in candidates:
        stream.write("\t".join(c.row()) + "\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())  # a TSV field holds no tab or newline


@dataclass
class _Zh:
    """A Chinese candidate while it is scored."""

    text: str
    pairs: list[int]
    termhood: float
    marked: bool = False  # quoted or a title
    known: bool = False
    # Termhood without the base's word for the unit: how a row whose English differs from every listed
    # rendering ranks when mining for what the base lacks (see ``mine_terms``).
    own_termhood: float | None = None
    # Where to look for its English, when not all of ``pairs``: a known unit's own occurrences, not
    # those nested in a longer known unit (社会主义 inside 社会主义现代化国家 reads "socialist" there).
    english_pairs: list[int] | None = None

    @property
    def evidence(self) -> list[int]:
        return self.english_pairs or self.pairs


def mine_terms(pairs: Sequence[tuple[str, str]], glossary=None, *, dictionary: Dictionary | None = None,
               include_known: bool = False, top: int | None = None,
               options: MineOptions = MineOptions()) -> list[Candidate]:
    """Term pairs proposed from aligned sentence ``pairs`` (Chinese, English), best first.

    ``glossary`` (a ``Glossary``) marks what the base already has; without ``include_known`` rows
    whose unit the base has with the same rendering are left out. ``top`` keeps the first N rows.
    """
    pairs = [(zh, en) for zh, en in pairs if zh.strip() and en.strip()]
    if not pairs:
        return []
    english = _EnglishIndex([en for _, en in pairs])
    chinese = _chinese_candidates([zh for zh, _ in pairs], glossary, dictionary, options)
    chinese.sort(key=lambda c: -c.termhood)
    rows: list[Candidate] = []
    for cand in chinese[: options.shortlist]:
        term = glossary.lookup(cand.text) if glossary is not None else None
        found = _known_rendering(term, cand, english) if term is not None else None
        en, confidence = found if found else english.best(cand, dictionary)
        if term is not None and not found:
            # The pairs use none of the base's renderings. Those still tell which phrase is the changed form
            # (see ``best``), but not how sure the row is: scored with them, these rows crowded out the
            # units the base lacks, which are what a curator mines for.
            en = english.best(cand, dictionary, term.renderings)[0] or en
        if not en:
            continue
        known = "absent" if term is None else (
            "same" if rendering_keys(en) in {rendering_keys(r) for r in term.renderings} else "different")
        if known == "same" and not include_known:
            continue
        example = max(cand.evidence, key=lambda i: english.contains(i, en))
        termhood = cand.termhood
        if known == "different" and not include_known and cand.own_termhood is not None:
            termhood = cand.own_termhood
        zh = cand.text if term is not None else _printed(cand.text, [pairs[i][0] for i in cand.evidence])
        rows.append(Candidate(zh, en, round(termhood * confidence, 3), len(cand.pairs),
                              pairs[example][0], pairs[example][1], known))
    rows = _drop_redundant(_drop_clause_variants(rows))
    rows.sort(key=lambda c: (-c.score, -c.count, c.zh))
    return rows[:top] if top is not None else rows


# ---- Chinese side -------------------------------------------------------------------------------


def _chinese_candidates(zh_sentences: list[str], glossary, dictionary, options: MineOptions) -> list[_Zh]:
    # Counted on the printing key: official texts quote part of a unit (“放管服”改革, 共建“一带一路”, “十四五”规划),
    # and split at the marks, those units never recurred as a whole.
    runs = [(i, m.group(0)) for i, s in enumerate(zh_sentences) for m in _HAN_RUN.finditer(bare_zh(s))]
    counts = _recurring_ngrams([r for _, r in runs], options)
    occurrences: dict[str, set[int]] = defaultdict(set)
    aligned: Counter = Counter()  # occurrences whose both ends fall on dictionary word boundaries
    left: dict[str, Counter] = defaultdict(Counter)
    right: dict[str, Counter] = defaultdict(Counter)
    found: dict[str, _Zh] = {}
    for i, run in runs:
        n = len(run)
        words = _segment(run, dictionary)
        cuts = {a for a, _ in words} | {n}
        # Neighbours are whole dictionary words where the gram ends on a word boundary, else characters.
        word_before = {b: run[a:b] for a, b in words}
        word_after = {a: run[a:b] for a, b in words}
        for start in range(n):
            for end in range(start + options.min_zh, min(n, start + options.max_zh) + 1):
                gram = run[start:end]
                if gram not in counts:
                    break  # a longer gram with this prefix cannot recur either
                occurrences[gram].add(i)
                aligned[gram] += start in cuts and end in cuts
                # The edge of a run (punctuation) counts as a new neighbour each time.
                left[gram][word_before.get(start, run[start - 1]) if start else object()] += 1
                right[gram][word_after.get(end, run[end]) if end < n else object()] += 1
        for gram in _patterned_units(run, words):
            if gram not in counts and gram not in found:
                found[gram] = _Zh(gram, [i], _termhood(gram, 1, True, False, False, False))

    marked: dict[str, set[int]] = defaultdict(set)
    for i, s in enumerate(zh_sentences):
        for m in (*_QUOTED.finditer(s), *_TITLE.finditer(s)):
            marked[m.group(1).strip()].add(i)
    known: dict[str, set[int]] = defaultdict(set)
    standalone: dict[str, set[int]] = defaultdict(set)
    if glossary is not None:
        # Nested units too: 脱贫攻坚 inside 脱贫攻坚战 is a term the pair contains.
        find_all = getattr(glossary, "find_all", glossary.find)
        for i, s in enumerate(zh_sentences):
            for hit in find_all(s):
                known[hit.term.zh].add(i)
            for hit in glossary.find(s):
                standalone[hit.term.zh].add(i)

    for gram, where in occurrences.items():
        if len(where) < options.min_count or not _clean_edges(gram):
            continue
        patterned = _patterned(gram)
        if len(gram) < 3 and not patterned:
            continue
        total = sum(left[gram].values())
        if not _closed(gram, total, aligned[gram], left[gram], right[gram], dictionary is not None, options):
            continue
        found[gram] = _Zh(gram, sorted(where), _termhood(gram, len(where), patterned,
                                                         _headword(gram, dictionary), False, False))
    for gram, where in marked.items():
        if len(gram) < 2 or not _HAN_RUN.search(gram):
            continue
        where = where | occurrences.get(gram, set()) | {i for i, s in enumerate(zh_sentences) if gram in s}
        found[gram] = _Zh(gram, sorted(where), _termhood(gram, len(where), _patterned(gram), False, True, False),
                          marked=True)
    for gram, where in known.items():
        key = bare_zh(gram)  # an entry printed with its marks (“两重”“两新”) is the n-gram 两重两新
        where = where | occurrences.get(key, set())
        prior = found.pop(key, None) if key != gram else found.get(gram)
        # The base already says it is a unit, so a pattern word adds nothing; what kind of entry it is does.
        entry = glossary.lookup(gram)
        weight = _KNOWN_WEIGHT.get(entry.category, 1.0) * min(max(_attestations(entry), 1), _MAX_EDITIONS)
        marked_here = prior is not None and prior.marked
        found[gram] = _Zh(gram, sorted(where), _termhood(gram, len(where), False, False, marked_here, weight),
                          marked=marked_here, known=True, english_pairs=sorted(standalone[gram]) or None,
                          own_termhood=_termhood(gram, len(where), _patterned(gram), _headword(gram, dictionary),
                                                 marked_here, 0))
    return list(found.values())


def _printed(gram: str, sentences: list[str]) -> str:
    """How the sentences most often print ``gram`` (a unit counted without quotation marks): 放管服改革 as
    “放管服”改革, with both marks of a pair."""
    if all(gram in s for s in sentences):
        return gram
    spans = [(s, find_printed(s, gram)) for s in sentences]
    printed = Counter(s[span[0]:span[1]] for s, span in spans if span is not None)
    return printed.most_common(1)[0][0] if printed else gram


def _closed(gram: str, total: int, aligned: int, left: Counter, right: Counter, segmented: bool,
            options: MineOptions) -> bool:
    """Whether a recurring n-gram is a unit and not a fragment of one (观政策 of 宏观政策).

    With a dictionary, most occurrences must start and end on word boundaries, and no word may
    (nearly) always stand next to it unless that word opens a clause or is a function word: 侧结构性改革
    always follows 供给 and is a fragment; 新发展格局 always follows 构建 and is a unit. Without a
    dictionary, both sides must vary.
    """
    if segmented:
        if aligned < 0.5 * total:
            return False
        for side, neighbours in (("left", left), ("right", right)):
            # Grouped by the adjacent character, so segmentation slips (降费 / 降费力度) do not hide a neighbour.
            groups: dict[str, Counter] = defaultdict(Counter)
            for word, seen in neighbours.items():
                if isinstance(word, str):
                    groups[word[-1] if side == "left" else word[0]][word] += seen
            if not groups:
                continue
            group = max(groups.values(), key=lambda g: sum(g.values()))
            if sum(group.values()) >= max(2, _DOMINANT * total) and not _separates(group.most_common(1)[0][0], side):
                return False
        return True
    open_sides = min(_variety(left, total, options), _variety(right, total, options))
    # A numbered formula keeps its verb (增强四个意识) more often than a term does.
    return open_sides > 0 or (bool(_NUMBERED.match(gram)) and open_sides > -1)


def _separates(word: str, side: str) -> bool:
    """Whether ``word`` next to a unit is outside it (a verb before, a function word on either side)."""
    if side == "left":
        return word in _CLAUSE_OPENERS or word[-1] in _BAD_LAST or word in _FUNCTION_WORDS or word in _QUANTIFIERS \
            or _counted(word)
    return word[0] in _BAD_FIRST or word in _FUNCTION_WORDS or word in _CLAUSE_OPENERS


def _counted(word: str) -> bool:
    """A number or quantifier with its classifier (三个, 两项, 各类, or the classifier alone where the number
    stood apart): 国家, 事项 and 人类 end in a classifier character but count nothing."""
    if word[-1] not in _CLASSIFIERS:
        return False
    return all(ch in _COUNTERS for ch in word[:-1]) if len(word) > 1 else word not in "家所"


def _segment(run: str, dictionary, longest: int = _MAX_WORD) -> list[tuple[int, int]]:
    """Forward maximum matching against the dictionary; unknown characters are one-character words."""
    if dictionary is None:
        return [(i, i + 1) for i in range(len(run))]
    out, i, n = [], 0, len(run)
    while i < n:
        for length in range(min(longest, _MAX_WORD, n - i), 0, -1):
            if length == 1 or run[i:i + length] in dictionary:
                out.append((i, i + length))
                i += length
                break
    return out


def _patterned_units(run: str, words: list[tuple[int, int]]) -> Iterable[str]:
    """Units found once that end in a pattern word (…改革, …体系, …精神): the words before the pattern
    word back to the first clause opener or function word (持续深化国防和军队改革 → 国防和军队改革),
    not starting with a lone character (对台工作 must not give 台工作…)."""
    for k, (a, b) in enumerate(words):
        if not run[a:b].endswith(_PATTERN_SUFFIXES):
            continue
        start = k
        while start > 0:
            w = run[words[start - 1][0]:words[start - 1][1]]
            if w in _CLAUSE_OPENERS or (w in _BAD_FIRST and w not in "和与") or b - words[start - 1][0] > _MAX_PATTERNED:
                break
            start -= 1
        if start > 0 and start < k and words[start][1] - words[start][0] == 1 \
                and run[words[start][0]] not in _NUMERAL + "新":
            continue  # stopped at a one-character word after a function word (对台工作): no safe start
        unit = run[words[start][0]:b]
        if len(unit) >= 4 and _clean_edges(unit) and not unit.startswith(_CLAUSE_OPENERS):
            yield unit


def _recurring_ngrams(runs: list[str], options: MineOptions) -> set[str]:
    """N-grams occurring at least ``min_count`` times, counted level by level (Apriori pruning)."""
    keep: set[str] = set()
    level = Counter(run[i:i + options.min_zh] for run in runs for i in range(len(run) - options.min_zh + 1))
    frequent = {g for g, c in level.items() if c >= options.min_count}
    for n in range(options.min_zh, options.max_zh + 1):
        keep |= frequent
        if n == options.max_zh:
            break
        level = Counter()
        for run in runs:
            for i in range(len(run) - n):
                gram = run[i:i + n + 1]
                if gram[:-1] in frequent and gram[1:] in frequent:
                    level[gram] += 1
        frequent = {g for g, c in level.items() if c >= options.min_count}
        if not frequent:
            break
    return keep


def _variety(neighbours: Counter, total: int, options: MineOptions) -> float:
    """> 0 when a boundary is open (several neighbours, none dominant); <= 0 when it is not."""
    if total == 0:
        return 0.0
    distinct = len(neighbours)
    share = max(neighbours.values()) / total
    if distinct < 2:
        return -1.0
    return (options.max_neighbour_share - share) + 0.1 * math.log2(distinct)


def _clean_edges(gram: str) -> bool:
    return gram[0] not in _BAD_FIRST and gram[-1] not in _BAD_LAST


def _patterned(gram: str) -> bool:
    return bool(_NUMBERED.match(gram)) or (len(gram) > 2 and gram.endswith(_PATTERN_SUFFIXES)
                                           and not gram.startswith(_CLAUSE_OPENERS))


def _headword(gram: str, dictionary) -> bool:
    """Whether CC-CEDICT (or the given dictionary) lists ``gram``, three characters or more, as a word."""
    return dictionary is not None and len(gram) >= 3 and gram in dictionary


def _termhood(gram: str, count: int, patterned: bool, in_dictionary: bool, marked: bool, known: float) -> float:
    """How term-like the Chinese is, before its English is considered (about 0–1); ``known`` weighs the
    base's word for it (0: not in the base)."""
    # Recurrence weighs most: a reference list of a document's fixed terms holds what it keeps saying.
    score = 0.2 + 0.3 * min(math.log2(1 + count), 4) / 4
    score += 0.1 * min(len(gram), 8) / 8
    if patterned:
        score += 0.15
    if marked:
        score += 0.15
    # Diminishing, and not cut off at a ceiling: capped, every slogan printed by three editions tied
    # with every other, and the top rows were a draw among them.
    score += 0.5 * math.log2(1 + known)
    if in_dictionary:
        score += 0.05
    if gram.startswith(_CLAUSE_OPENERS) and not known:
        score *= 0.4
    if known and len(gram) > _LONG_KNOWN:
        score *= math.sqrt(_LONG_KNOWN / len(gram))
    return min(score / _TERMHOOD_SCALE, 1.0)


def _drop_redundant(rows: list[Candidate]) -> list[Candidate]:
    """Of rows with the same English whose Chinese nest (党中央 in 核心的党中央), keep the shortest Chinese."""
    by_en: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    for r in rows:
        by_en[rendering_keys(r.en)].append(r)
    out = []
    for r in rows:
        same = by_en[rendering_keys(r.en)]
        if r.known == "absent" and any(o is not r and o.zh in r.zh and len(o.zh) < len(r.zh) for o in same):
            continue
        out.append(r)
    return out


def _drop_clause_variants(rows: list[Candidate]) -> list[Candidate]:
    """Drop a row that is a clause opener plus another row's unit (推进 + 乡村振兴) with a lower score."""
    by_zh = {r.zh: r for r in rows}
    out = []
    for r in rows:
        inner = next((r.zh[len(p):] for p in _CLAUSE_OPENERS if r.zh.startswith(p) and r.zh[len(p):] in by_zh), None)
        if inner is not None and by_zh[inner].score >= r.score and r.known == "absent":
            continue
        out.append(r)
    return out


# ---- English side -------------------------------------------------------------------------------


class _EnglishIndex:
    """Every English n-gram of every sentence: its key (normalised words), surface and pair counts."""

    def __init__(self, sentences: list[str]):
        self.texts = sentences
        self.grams: list[dict[tuple[str, ...], tuple[str, bool]]] = []  # per pair: key → (surface, opens)
        self.df: Counter = Counter()
        self._contents: dict[tuple[str, ...], tuple[str, ...]] = {}
        # Word → (lower-case, capitalised) counts of the sentences that spell it inside a sentence: how
        # the document writes a word that a phrase has only at a sentence's start.
        self._inside_case: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for text in sentences:
            grams = _english_ngrams(text)
            self.grams.append(grams)
            self.df.update(grams.keys())
            for key, (surface, opens) in grams.items():
                if len(key) == 1 and not opens:
                    self._inside_case[key[0]][surface[:1].isupper()] += 1

    def contains(self, i: int, rendering: str) -> bool:
        """Whether pair ``i``'s English realises ``rendering`` as the glossary checks find one."""
        return rendering_keys(rendering) in self.grams[i] or occurs(rendering, self.texts[i])

    def best(self, cand: _Zh, dictionary: Dictionary | None, renderings: Sequence[str] = ()) -> tuple[str, float]:
        """The English n-gram that best fits the candidate's pairs, and a confidence in 0–1; the words of
        ``renderings`` (the base's, where the pairs use none of them) count as glosses of the unit."""
        co: Counter = Counter()
        for i in cand.evidence:
            co.update(self.grams[i].keys())
        n = len(cand.evidence)
        scored = []
        for key, both in co.items():
            if n >= 3 and both < 2:
                continue  # one co-occurrence among several pairs is chance
            dice = 2 * both / (n + self.df[key])
            if dice >= 0.2:
                scored.append((dice, key))
        scored.sort(key=lambda s: -s[0])
        glosses = _glosses(cand.text, dictionary)
        known_words = set().union(*(g for _, g in glosses)) if glosses else set()
        if dictionary is not None and cand.text in dictionary:  # the unit's own glosses explain words too
            known_words |= {t.lower()[:_PREFIX] for t in dictionary.translations(cand.text)}
        if renderings:
            # A changed official form mostly keeps words of the old ones (脱贫攻坚: "poverty alleviation" →
            # "poverty elimination"), so those words count as glosses and the phrase is not cut to "poverty".
            known_words |= {w[:_PREFIX] for r in renderings for w in words(r) if w not in _EN_STOP}
        fits = []
        for dice, key in scored:
            if fits and dice * _MAX_BONUS < fits[0][0] - 1e-9:
                break  # sorted by Dice, and nothing else can raise a fit above Dice × _MAX_BONUS
            content = self._content(key)
            fit = dice * (0.45 + 0.55 * _gloss_fit(cand.text, content, glosses, known_words))
            fit *= _length_fit(len(cand.text), len(key)) * _repeats(content)
            fits.append((fit, key))
            if len(fits) > 1 and fit > fits[0][0]:
                fits[0], fits[-1] = fits[-1], fits[0]  # keep the best first for the bound above
        # Capitalisation needs the spelling, so it only reorders the few best phrases.
        best_key, best = None, 0.0
        evidence: dict[tuple[str, ...], int] = {}  # a completed phrase keeps the pairs of the phrase it grew from
        grown: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)  # phrase → one word longer
        if known_words:
            for k in co:
                if len(k) > 1:
                    grown[k[:-1]].append(k)
                    grown[k[1:]].append(k)
        for fit, key in sorted(fits, key=lambda f: -f[0])[:_FINALISTS]:
            grown_from = key
            for _ in range(3):  # "chronic" → "chronic diseases"; a phrase grows by a word a step
                longer = self._completed(key, cand.evidence, co, grown.get(key, []), known_words)
                if longer is None:
                    break
                key = longer
            evidence[key] = max(evidence.get(key, 0), co[grown_from])
            fit *= _capitals(self._surface(cand.evidence, key), cand)
            if fit > best + 1e-9 or (abs(fit - best) <= 1e-9 and best_key is not None and _wins_tie(key, best_key)):
                best_key, best = key, fit
        if best_key is None:
            return "", 0.0
        return self._surface(cand.evidence, best_key), min(best, 1.0) * _support(evidence[best_key])

    def _completed(self, key: tuple[str, ...], pairs: list[int], co: Counter, longer: list[tuple[str, ...]],
                   glossed: set[str]):
        """The phrase one word longer when ``key`` stops short of a word that still translates the Chinese,
        else None. Short means: in most pairs it occurs in, a content word follows it (or precedes it), and
        some of those words gloss part of the Chinese the phrase leaves unsaid: "micro and small" before
        "businesses" or "enterprises" (小微企业), "Central Committee" after "Party" (党中央). The word varies,
        so co-occurrence alone prefers the shorter phrase; a verb before a term ("promote") glosses nothing
        of it. Taken is the most frequent longer phrase whose new word glosses the Chinese (else the most
        frequent); it inherits the shorter one's fit. ``longer``: the phrases of ``co`` one word longer."""
        if not glossed or not longer:
            return None
        said = set(self._content(key))
        where = [i for i in pairs if key in self.grams[i]]
        for longer in ([k for k in longer if k[:-1] == key], [k for k in longer if k[1:] == key]):
            extra = {(k[-1] if k[:-1] == key else k[0])[:_PREFIX] for k in longer}
            if not any(w in glossed and w not in said for w in extra):
                continue
            if sum(any(k in self.grams[i] for k in longer) for i in where) >= _DOMINANT * len(where):
                return max(longer, key=lambda k: ((k[-1] if k[:-1] == key else k[0])[:_PREFIX] in glossed,
                                                  co[k], self.df[k], k))
        return None

    def _surface(self, pairs: list[int], key: tuple[str, ...]) -> str:
        """The most frequent spelling of ``key`` in these pairs (case and hyphens vary), not counting a
        sentence's capitalised first word where the phrase also stands inside a sentence."""
        spellings = [self.grams[i][key] for i in pairs if key in self.grams[i]]
        inside = [surface for surface, opens in spellings if not opens]
        if inside:
            return Counter(inside).most_common(1)[0][0]
        surface = Counter(surface for surface, _ in spellings).most_common(1)[0][0]
        # Only ever at a sentence's start: its first word as the document writes it elsewhere ("Reforms to
        # streamline administration" → "reforms …"; "China", "VAT" stay), unchanged where it never does.
        lower, upper = self._inside_case.get(key[0], (0, 0))
        return surface[:1].lower() + surface[1:] if lower > upper else surface

    def _content(self, key: tuple[str, ...]) -> tuple[str, ...]:
        content = self._contents.get(key)
        if content is None:
            content = self._contents[key] = tuple(w[:_PREFIX] for w in key if w not in _EN_STOP)
        return content


def _wins_tie(key: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Between phrases that fit equally: the longer when one contains the other ("Road Initiative"
    always sits inside "Belt and Road Initiative"), else the shorter."""
    if len(key) > len(other):
        return any(key[i:i + len(other)] == other for i in range(len(key) - len(other) + 1))
    return len(key) < len(other) and not any(other[i:i + len(key)] == key for i in range(len(other) - len(key) + 1))


def _repeats(content: tuple[str, ...]) -> float:
    """A phrase that says a content word twice ("strategies and the strategy") spans two units."""
    return 0.7 ** (len(content) - len(set(content)))


def _english_ngrams(text: str) -> dict[tuple[str, ...], tuple[str, bool]]:
    """Key → (surface, whether it opens a sentence) for each n-gram of up to MAX_EN_WORDS words that does
    not cross punctuation. A sentence's first word is capitalised whatever it is, so that spelling is the
    last to trust."""
    spans = word_spans(text)
    keys = words(text)
    if len(keys) != len(spans):  # cannot happen with one tokeniser; guard the zip below anyway
        return {}
    out: dict[tuple[str, ...], tuple[str, bool]] = {}
    lowered = [text[a:b].lower() for a, b in spans]
    # A phrase neither starts nor ends inside a hyphenated word ("level governance" of "primary-level
    # governance", "one-size" of "one-size-fits-all").
    joined = [text[spans[k][1]:spans[k + 1][0]] in _HYPHENS for k in range(len(spans) - 1)] + [False]
    for start in range(len(spans)):
        if lowered[start] in _EN_STOP or (start and joined[start - 1]):
            continue
        opens = start == 0 or bool(_SENTENCE_END.search(text, spans[start - 1][1], spans[start][0]))
        for end in range(start + 1, min(len(spans), start + MAX_EN_WORDS) + 1):
            if end - 1 > start and _EN_BREAK.search(text[spans[end - 2][1]:spans[end - 1][0]]):
                break
            if lowered[end - 1] in _EN_STOP or (end - start > 2 and lowered[end - 2] == "to") or joined[end - 1]:
                continue  # a phrase ends on a content word, not inside "to benefit [the public]"
            key = tuple(keys[start:end])
            if end - start == 1 and key[0].isdigit():
                continue  # a bare number is an anchor, not a rendering
            if key not in out or (out[key][1] and not opens):
                out[key] = (text[spans[start][0]:spans[end - 1][1]], opens)
    return out


def _glosses(zh: str, dictionary: Dictionary | None) -> list[tuple[int, set[str]]]:
    """(characters, gloss prefixes) for each dictionary word of ``zh``."""
    if dictionary is None:
        return []
    out = []
    # Below the unit itself: 黄河流域 is one headword, but 黄河 + 流域 tell which English word covers what.
    for a, b in _segment(zh, dictionary, longest=len(zh) - 1 if len(zh) > 2 else len(zh)):
        w = zh[a:b]
        gloss = {t.lower()[:_PREFIX] for t in dictionary.translations(w)} if w in dictionary else set()
        for ch in w:  # numbered formulas: 四 is "four" whatever the dictionary lists for the word
            gloss.update(_NUMBER_WORDS.get(ch, ()))
        if gloss:
            out.append((len(w), gloss))
    return out


def _gloss_fit(zh: str, content: tuple[str, ...], glosses: list[tuple[int, set[str]]], known: set[str]) -> float:
    """Share of the Chinese the English words translate, times share of English words explained
    (``content``: the phrase's content words cut to _PREFIX letters; ``known``: all gloss words)."""
    if not glosses:
        return 0.5
    if not content:
        return 0.0
    explained = 0
    for w in content:
        explained += w in known
    if not explained:
        return 0.0
    covered = 0
    for n, g in glosses:
        if not g.isdisjoint(content):
            covered += n
    return math.sqrt(covered / len(zh) * explained / len(content))


def _capitals(surface: str, cand: _Zh) -> float:
    """Names and titles are capitalised in running English: a bonus for a capitalised quoted unit."""
    tokens = [t for t in surface.split() if t.lower() not in _EN_STOP]
    caps = sum(1 for t in tokens if t[:1].isupper()) / len(tokens) if tokens else 0.0
    return 1.0 + (0.25 if cand.marked else 0.1) * caps


def _length_fit(zh_chars: int, en_words: int) -> float:
    """Political terms run from about one English word per three characters to two per character."""
    if en_words * 3 < zh_chars - 1:
        return 0.6
    if en_words > 2 * zh_chars + 2:
        return 0.6
    return 1.0


def _known_rendering(term, cand: _Zh, english: _EnglishIndex) -> tuple[str, float] | None:
    """The base's rendering when it occurs in the candidate's pairs, with the share it occurs in."""
    best = None
    for rendering in term.renderings:
        share = sum(english.contains(i, rendering) for i in cand.evidence) / len(cand.evidence)
        if share > 0 and (best is None or share > best[1]):
            best = (rendering, share)
    if best is None or best[1] < 0.5:
        return None
    return best[0], (0.5 + 0.5 * best[1]) * _support(len(cand.pairs))


def _attestations(entry) -> int:
    """How many official editions print the entry: the publications its source names and those of its
    dated variants (a project choice names none)."""
    editions = set(entry.publications) if entry.provenance == "official" else set()
    editions |= {v.source.strip() for v in entry.variants}
    editions.discard("")
    return len(editions)


def _support(pairs: int) -> float:
    """One sentence pair is weak evidence whatever the fit; four or more agreeing pairs are full."""
    return 0.5 + 0.5 * min(pairs, 4) / 4
