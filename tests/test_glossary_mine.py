"""`bitext glossary mine`: term pairs from a generated parallel text with known pairs planted.

The text is made of invented words on both sides (a Chinese "word" of two characters always becomes
the same invented English word), so nothing but the planted terms recurs as a unit with one English
rendering; the English inflects some uses of a term and leaves out a few. Recall and precision are asserted on it, through the library, the workflow (files and
folders) and the command line.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bitext.cli.glossary import app
from bitext.core.errors import BitextError, InputError
from bitext.core.terms import Term, Variant
from bitext.glossary.mine import HEADER, _attestations, _english_ngrams, mine_terms
from bitext.glossary.realised import rendering_keys
from bitext.glossary.store import Glossary
from bitext.translate.mine_run import MineRunOptions, mine_files, pair_documents

# Ordinary content characters: no numerals, no function characters the miner treats as boundaries.
CHARS = ("江河湖海山川林木花草云雨风雪星月光影石玉金银铜铁丝绸茶米麦豆瓜果桃李梅竹松柏鹤燕鹰鱼虾蟹龟龙凤"
         "城乡街巷桥塔楼阁亭廊窗门灯烛琴棋书画诗歌舞剧纸墨笔砚布衣帽鞋车船舟帆锦绣钟鼓")
SYLLABLES = ["ka", "lo", "mat", "rek", "ten", "vod", "pon", "dal", "nek", "sor", "ul", "bex", "fin", "gat", "hum", "jor"]


def _word(rng: random.Random, used: set[str], length: int = 2) -> str:
    while True:
        w = "".join(rng.choice(CHARS) for _ in range(length))
        if w not in used and all(w not in u and u not in w for u in used if len(u) > 2):
            used.add(w)
            return w


def _english(rng: random.Random, used: set[str], syllables: int) -> str:
    while True:
        w = "".join(rng.choice(SYLLABLES) for _ in range(syllables))
        if w not in used:
            used.add(w)
            return w


def parallel_text(seed: int = 7, terms: int = 15, sentences: int = 220):
    """(zh lines, en lines, planted {zh: en}) — one sentence per line on both sides."""
    rng = random.Random(seed)
    zh_used: set[str] = set()
    en_used: set[str] = set()
    planted = {}
    for _ in range(terms):
        zh = "".join(_word(rng, zh_used) for _ in range(rng.choice((2, 3))))
        zh_used.add(zh)
        en = " ".join(_english(rng, en_used, 3) for _ in range(rng.choice((2, 3))))
        planted[zh] = en.title() if rng.random() < 0.3 else en
    filler = {_word(rng, zh_used): _english(rng, en_used, 3) for _ in range(400)}
    filler_items = list(filler.items())
    uses = [t for t in planted for _ in range(rng.randint(4, 8))]
    rng.shuffle(uses)
    zh_lines, en_lines = [], []
    for n in range(sentences):
        words = rng.sample(filler_items, rng.randint(5, 9))
        if n < len(uses):
            term = uses[n]
            # Translators inflect (plural) and now and then paraphrase a term away.
            english = planted[term] + ("s" if rng.random() < 0.2 else "") if rng.random() > 0.15 else ""
            words.insert(rng.randint(1, len(words) - 1), (term, english))
        zh_lines.append("".join(z for z, _ in words) + "。")
        en_lines.append(" ".join(e for _, e in words if e).capitalize() + ".")
    return zh_lines, en_lines, planted


def _correct(rows, planted) -> set[str]:
    return {r.zh for r in rows if r.zh in planted and rendering_keys(r.en) == rendering_keys(planted[r.zh])}


def test_planted_terms_are_found_with_their_renderings():
    precisions = []
    for seed in range(1, 6):
        zh, en, planted = parallel_text(seed)
        rows = mine_terms(list(zip(zh, en)))
        recall = len(_correct(rows, planted)) / len(planted)
        best = rows[:len(planted)]  # as many rows as terms were planted
        precisions.append(len(_correct(best, planted)) / len(best))
        assert recall >= 0.9, (seed, [(r.zh, r.en) for r in rows[:30]])
        # Two invented words side by side twice by chance look like a term too, so a few may slip in.
        assert precisions[-1] >= 0.8, (seed, [(r.zh, r.en, r.score) for r in best])
    assert sum(precisions) / len(precisions) >= 0.9
    row = next(r for r in rows if r.zh in planted)
    assert row.zh in row.example_zh and rendering_keys(row.en) == rendering_keys(planted[row.zh])
    assert row.count >= 4 and row.known == "absent"
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)


def test_known_column_and_include_known():
    zh, en, planted = parallel_text()
    (same_zh, same_en), (diff_zh, _) = list(planted.items())[:2]
    glossary = Glossary([Term(same_zh, same_en), Term(diff_zh, "something else entirely")])
    rows = {r.zh: r for r in mine_terms(list(zip(zh, en)), glossary)}
    assert same_zh not in rows  # already in the base with this rendering
    assert rows[diff_zh].known == "different" and rows[diff_zh].en.lower() == planted[diff_zh].lower()
    rows = {r.zh: r for r in mine_terms(list(zip(zh, en)), glossary, include_known=True, top=len(planted) + 5)}
    assert rows[same_zh].known == "same" and rows[same_zh].en == same_en


def test_without_include_known_a_row_the_base_renders_differently_ranks_on_its_own_evidence():
    zh, en, planted = parallel_text()
    pairs = list(zip(zh, en))
    diff_zh = list(planted)[0]
    # The base's word would weigh most for this entry: a slogan that three editions print.
    entry = Term(diff_zh, "something else entirely", category="slogan-theory",
                 source="CPC Constitution (2022); Xinhua English; Qiushi English")
    alone = {r.zh: r for r in mine_terms(pairs)}[diff_zh]
    row = next(r for r in mine_terms(pairs, Glossary([entry])) if r.zh == diff_zh)
    # Mining for what the base lacks, the row competes with the units the base lacks on the same
    # evidence: the score it would have without the base.
    assert row.known == "different" and row.en == alone.en and row.score == alone.score
    # Checking the base against a document (--include-known), the base's word still ranks its entries first.
    checked = next(r for r in mine_terms(pairs, Glossary([entry]), include_known=True) if r.zh == diff_zh)
    assert checked.score > row.score


def test_known_units_nested_in_longer_ones_are_rows_and_recurrence_ranks_them():
    pairs = [
        ("坚持江河湖海思想。", "Uphold the River Lake Thought."),
        ("江河湖海很重要。", "The River Lake matters."),
        ("发展江河湖海。", "Develop the River Lake."),
        ("丝绸茶米都很好。", "Silk and tea are fine."),
        ("丝绸茶米都很贵。", "Silk and tea are dear."),
        ("星月光影来了。", "Moon and stars came."),
        ("星月光影走了。", "Moon and stars left."),
    ]
    glossary = Glossary([Term("江河湖海思想", "River Lake Thought", category="slogan-theory"),
                         Term("江河湖海", "River Lake", category="slogan-theory"),
                         Term("丝绸茶米", "silk and tea", category="other"),
                         Term("星月光影", "moon and stars", category="slogan-theory")])
    rows = [r.zh for r in mine_terms(pairs, glossary, include_known=True)]
    # 江河湖海, also inside 江河湖海思想 (three pairs in all), ranks first; the standard phrase 丝绸茶米
    # (category "other") ranks below a named formula with the same evidence (a tie would sort it first).
    assert rows.index("江河湖海") == 0 and "江河湖海思想" in rows
    assert rows.index("星月光影") < rows.index("丝绸茶米")


def test_a_rendering_several_official_editions_print_ranks_above_one_printed_once():
    pairs = [("丝绸茶米都很好。", "Silk and tea are fine."), ("星月光影来了。", "Moon and stars came."),
             ("山川草木走了。", "Hills and trees left.")]
    once = Term("丝绸茶米", "silk and tea", source="Government Work Report 2018, official English")
    # Same category, length and evidence; the entry printed by three editions (two named in its source,
    # one by a dated variant) ranks first, and a project choice counts as no edition at all.
    thrice = Term("星月光影", "moon and stars", source="CPC Constitution (2022); Xinhua English",
                  variants=[Variant("stars and moon", 2016, "Government Work Report 2016, official English")])
    chosen = Term("山川草木", "hills and trees", source="no official rendering; project choice: literal")
    rows = [r.zh for r in mine_terms(pairs, Glossary([once, thrice, chosen]), include_known=True)]
    assert rows.index("星月光影") < rows.index("丝绸茶米")
    assert [_attestations(t) for t in (once, thrice, chosen)] == [1, 3, 0]


def test_recurring_slogans_do_not_tie_at_a_ceiling_and_named_policies_weigh_as_slogans():
    # Both slogans recur in four pairs with their renderings: under a ceiling they would tie, and the tie
    # would sort 丝绸茶米 (printed by two editions) first.
    pairs = [(f"丝绸茶米和星月光影都在{k}。", f"Silk Tea and Moon Stars are there {k}.") for k in "一二三四"]
    pairs += [("龙凤琴棋很好。", "Dragon Lutes is fine."), ("山川草木很好。", "Hill Trees is fine.")]
    two = Term("丝绸茶米", "Silk Tea", category="slogan-theory", source="Xinhua English; Qiushi English")
    three = Term("星月光影", "Moon Stars", category="slogan-theory",
                 source="Xinhua English; Qiushi English; CPC Constitution (2022)")
    policy = Term("龙凤琴棋", "Dragon Lutes", category="policy-campaign", source="Xinhua English")
    body = Term("山川草木", "Hill Trees", category="institution", source="Xinhua English")
    rows = [r.zh for r in mine_terms(pairs, Glossary([two, three, policy, body]), include_known=True)]
    assert rows.index("星月光影") < rows.index("丝绸茶米")
    # Same evidence and editions: a named policy, campaign or programme outranks a body's name (a tie
    # would sort 山川草木 first).
    assert rows.index("龙凤琴棋") < rows.index("山川草木")


def test_a_long_known_description_ranks_below_a_known_name():
    pairs = [("丝绸茶米都很好。", "Silk Tea is fine."),
             ("星月光影山川草木龙凤琴棋来了。", "The moon and stars over hills with dragons and lutes came.")]
    name = Term("丝绸茶米", "Silk Tea", source="Government Work Report 2018, official English")
    # Same category, editions and evidence; only the length differs (14 characters against 4).
    description = Term("星月光影山川草木龙凤琴棋", "moon and stars over hills with dragons and lutes",
                       source="Government Work Report 2018, official English")
    rows = mine_terms(pairs, Glossary([name, description]), include_known=True)
    score = {r.zh: r.score for r in rows}
    assert score["丝绸茶米"] > score["星月光影山川草木龙凤琴棋"]


def test_a_changed_official_form_is_read_with_the_words_of_the_base_renderings():
    # The edition no longer prints the base's rendering; what follows "silk tea" varies, so co-occurrence
    # alone stops at the first word, while "commerce", a word of the old rendering, completes the new form.
    pairs = [("丝绸茶米增长了。", "Silk tea commerce rose."), ("丝绸茶米下降了。", "Silk tea commerce fell."),
             ("丝绸茶米变化了。", "Silk tea shipments changed."), ("江河湖海很好。", "Rivers are fine.")]
    glossary = Glossary([Term("丝绸茶米", "commerce in silk and tea")])
    (row,) = mine_terms(pairs, glossary)
    assert row.known == "different" and rendering_keys(row.en) == rendering_keys("silk tea commerce")
    # The base's words choose the phrase; they do not make the row surer than the pairs alone do.
    (unrelated,) = mine_terms(pairs, Glossary([Term("丝绸茶米", "porcelain")]))
    assert rendering_keys(unrelated.en) == rendering_keys("silk") and unrelated.score == row.score


class FakeDictionary:
    def __init__(self, entries: dict[str, list[str]]):
        self.entries = entries

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def translations(self, word: str) -> list[str]:
        return self.entries.get(word, [])


def test_quoted_units_and_numbered_formulas_need_no_recurrence():
    pairs = [
        ("我们要增强“江河意识”，做好城乡工作。", "We must strengthen river awareness and do rural work well."),
        ("坚持四个全面战略布局。", "We will uphold the Four-pronged Comprehensive Strategy."),
        ("坚持四个全面战略布局，推进城乡工作。", "We will uphold the Four-pronged Comprehensive Strategy and advance work."),
        ("星月光影都很美。", "The moon and stars are beautiful."),
    ]
    dictionary = FakeDictionary({"坚持": ["uphold", "persist"], "江河": ["river"], "意识": ["awareness", "consciousness"], "城乡": ["rural", "urban"],
                                 "工作": ["work"], "战略": ["strategy"], "布局": ["layout", "arrangement"]})
    rows = {r.zh: r for r in mine_terms(pairs, dictionary=dictionary)}
    assert rows["江河意识"].en == "river awareness" and rows["江河意识"].count == 1
    assert rows["四个全面战略布局"].en == "Four-pronged Comprehensive Strategy"


def test_a_unit_whose_part_is_quoted_recurs_as_a_whole_and_is_printed_as_the_text_prints_it():
    # Official texts quote part of a unit (“放管服”改革); split at the marks, 江河湖海 and 改革 never recurred as one.
    pairs = [
        ("深化“江河湖海”改革，支持城乡发展。", "Deepen the river lake reform and support rural growth."),
        ("推进“江河湖海”改革。", "Advance the river lake reform."),
        ("星月光影都很美，江河湖海改革见效。", "The moon is bright and the river lake reform works."),
        ("星月光影都很美。", "The moon and stars are beautiful."),
    ]
    dictionary = FakeDictionary({"江河": ["river"], "湖海": ["lake", "sea"], "改革": ["reform"], "深化": ["deepen"],
                                 "推进": ["advance"], "支持": ["support"], "城乡": ["rural"], "发展": ["growth"]})
    rows = {r.zh: r for r in mine_terms(pairs, dictionary=dictionary)}
    assert rows["“江河湖海”改革"].en == "river lake reform" and rows["“江河湖海”改革"].count == 3
    assert "江河湖海改革" not in rows
    # A base entry printed with its marks is one unit with the n-gram, not a second row.
    entry = Term("“江河湖海”改革", "river lake reform")
    rows = [r for r in mine_terms(pairs, Glossary([entry]), dictionary=dictionary, include_known=True)
            if "改革" in r.zh and "江河湖海" in r.zh]
    assert [(r.zh, r.known) for r in rows] == [("“江河湖海”改革", "same")]


def test_a_quantifier_or_classifier_before_a_unit_does_not_make_it_a_fragment():
    # 各类 (all kinds of) stands before two of the three uses: it counts the unit, it is not part of it.
    pairs = [
        ("支持各类江河湖海发展。", "Support the growth of all kinds of river lakes."),
        ("保护各类江河湖海权益。", "Protect the rights of all river lakes."),
        ("让江河湖海更有活力。", "Make river lakes more dynamic."),
        ("星月光影都很美。", "The moon and stars are beautiful."),
    ]
    dictionary = FakeDictionary({"各类": ["all kinds"], "江河": ["river"], "湖海": ["lake", "sea"], "支持": ["support"],
                                 "保护": ["protect"], "发展": ["growth", "develop"], "权益": ["rights"], "活力": ["vigor"]})
    rows = {r.zh: r for r in mine_terms(pairs, dictionary=dictionary)}
    assert rows["江河湖海"].count == 3
    assert "各类江河湖海" not in rows
    # A word that only ends in a classifier character counts nothing: after 国家 every time, the unit is a fragment.
    pairs = [(zh.replace("各类江河", "江河").replace("江河湖海", "国家江河湖海"), en) for zh, en in pairs]
    dictionary.entries["国家"] = ["country", "state"]
    rows = {r.zh: r for r in mine_terms(pairs, dictionary=dictionary)}
    assert "江河湖海" not in rows


def test_the_english_is_not_cut_before_a_word_that_varies():
    # The head noun varies (小微企业: "micro and small businesses" / "enterprises"), so the shared words fit
    # every pair; the phrase still needs the word that translates the rest of the Chinese.
    pairs = [
        ("推进江河湖海发展。", "Promote river pools development."),
        ("推进江河湖海保护。", "Promote river pools protection."),
        ("江河湖海更有活力。", "Our river seas are more dynamic."),
        ("星月光影都很美。", "The moon and stars are beautiful."),
    ]
    dictionary = FakeDictionary({"江河": ["river"], "湖海": ["pool", "sea"], "推进": ["promote"], "发展": ["development"],
                                 "保护": ["protection"], "活力": ["vigor"]})
    rows = {r.zh: r for r in mine_terms(pairs, dictionary=dictionary)}
    assert rows["江河湖海"].en == "river pools"  # the more frequent ending; not "river", not "Promote river pools"
    assert rows["江河湖海"].count == 3


def test_the_english_neither_starts_nor_ends_inside_a_hyphenated_word():
    phrases = {surface for surface, _ in _english_ngrams("Advance village-level governance in one-size-fits-all "
                                                         "ways.").values()}
    assert {"village-level", "village-level governance", "one-size-fits-all ways"} <= phrases
    assert not {"level governance", "level", "village", "one-size", "fits-all ways"} & phrases


def test_a_sentence_s_capital_is_not_the_term_s_spelling():
    pairs = [
        ("江河湖海要加强。", "Village-level governance must improve."),
        ("江河湖海很重要。", "Village-level governance matters."),
        ("推进江河湖海。", "Advance village-level governance now."),
        ("星月光影都很美。", "The moon and stars are beautiful."),
        ("星月光影都很亮。", "Xi Jinping said the moon and stars are bright."),
        ("坚持习近平。", "Xi Jinping spoke."),
    ]
    rows = {r.zh: r for r in mine_terms(pairs)}
    assert rows["江河湖海"].en == "village-level governance"  # two of three open a sentence, one does not
    assert _english_ngrams("Xi Jinping spoke.")[("xi", "jinp")] == ("Xi Jinping", True)


def test_a_phrase_only_at_sentence_starts_is_spelt_as_the_document_spells_its_first_word():
    pairs = [
        ("江河湖海要加强。", "Village governance must improve."),
        ("江河湖海很重要。", "Village governance matters."),
        ("星月光影要加强。", "Beijing roads must improve."),
        ("星月光影很重要。", "Beijing roads matter."),
        ("山川林木在变。", "Every village changed, and so did Beijing."),
        ("山川林木在长。", "Each village grew, like Beijing."),
    ]
    rows = {r.zh: r for r in mine_terms(pairs)}
    assert rows["江河湖海"].en == "village governance"  # the document writes "village" inside sentences
    assert rows["星月光影"].en == "Beijing roads"  # and "Beijing" capitalised: a name keeps its capital


def test_no_pairs_no_rows():
    assert mine_terms([]) == []
    assert mine_terms([("", "x"), ("中文", "")]) == []


def _write_pair(folder: Path, zh_name: str, en_name: str, seed: int = 7):
    zh, en, planted = parallel_text(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / zh_name).write_text("\n".join(zh) + "\n", encoding="utf-8")
    (folder / en_name).write_text("\n".join(en) + "\n", encoding="utf-8")
    return planted


@pytest.mark.slow
def test_files_and_folders(tmp_path):
    planted = _write_pair(tmp_path / "one", "doc.zh.txt", "doc.en.txt")
    summary = mine_files(tmp_path / "one" / "doc.zh.txt", tmp_path / "one" / "doc.en.txt",
                         options=MineRunOptions(presegmented=True))
    assert len(_correct(summary.candidates, planted)) / len(planted) >= 0.9
    assert summary.sentence_pairs == 220 and len(summary.documents) == 1

    # Two folders paired by name, and one folder holding NAME.zh.txt / NAME.en.txt (plus a README).
    for side in ("zh", "en"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "a.txt").write_bytes((tmp_path / "one" / f"doc.{side}.txt").read_bytes())
    assert pair_documents(tmp_path / "zh", tmp_path / "en") == [(tmp_path / "zh" / "a.txt", tmp_path / "en" / "a.txt")]
    _write_pair(tmp_path / "one", "other.zh.txt", "other.en.txt", seed=8)
    (tmp_path / "one" / "README.md").write_text("# notes\n", encoding="utf-8")
    assert [(z.name, e.name) for z, e in pair_documents(tmp_path / "one", tmp_path / "one")] == [
        ("doc.zh.txt", "doc.en.txt"), ("other.zh.txt", "other.en.txt")]
    summary = mine_files(tmp_path / "one", tmp_path / "one")  # paragraph mode: the aligner pairs the lines
    assert len(summary.documents) == 2 and summary.sentence_pairs >= 400
    assert len(_correct(summary.candidates, planted)) / len(planted) >= 0.9


def test_unpaired_inputs_are_named(tmp_path):
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "zh" / "a.txt").write_text("中文。\n", encoding="utf-8")
    (tmp_path / "zh" / "b.txt").write_text("中文。\n", encoding="utf-8")
    (tmp_path / "en" / "a.txt").write_text("English.\n", encoding="utf-8")
    (tmp_path / "en" / "c.txt").write_text("English.\n", encoding="utf-8")
    with pytest.raises(BitextError) as info:
        pair_documents(tmp_path / "zh", tmp_path / "en")
    message = str(info.value)
    assert "2 file(s) without a partner" in message and "b.txt" in message and "c.txt" in message
    with pytest.raises(BitextError, match="both be files or both folders"):
        pair_documents(tmp_path / "zh", tmp_path / "en" / "a.txt")
    with pytest.raises(InputError, match="no such file"):
        pair_documents(tmp_path / "missing", tmp_path / "en")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .txt or .md files"):
        pair_documents(tmp_path / "empty", tmp_path / "empty")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.slow
def test_cli_writes_tsv_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    planted = _write_pair(tmp_path, "doc.zh.txt", "doc.en.txt")
    zh, en = tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"
    result = run("mine", zh, en, "--presegmented", "--top", "10", "--no-builtin-glossary")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(HEADER) and len(lines) == 11
    assert all(len(line.split("\t")) == len(HEADER) for line in lines)
    assert sum(line.split("\t")[0] in planted for line in lines[1:]) >= 9
    assert "10 term pair(s) from 1 document(s)" in result.stderr

    out = tmp_path / "terms.tsv"
    assert run("mine", zh, en, "--presegmented", "-o", out, "--no-builtin-glossary").exit_code == 0
    out.write_text("reviewed by hand\n", encoding="utf-8")
    result = run("mine", zh, en, "--presegmented", "-o", out, "--no-builtin-glossary")
    assert result.exit_code == 2 and "--overwrite" in result.stderr
    assert out.read_text(encoding="utf-8") == "reviewed by hand\n"
    assert run("mine", zh, en, "--presegmented", "-o", out, "--overwrite", "--no-builtin-glossary").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("zh\ten\tscore")

    result = run("mine", tmp_path / "doc.zh.txt", tmp_path / "nowhere.txt")
    assert result.exit_code == 1 and "nowhere.txt" in result.stderr and "Traceback" not in result.output


@pytest.mark.slow
def test_a_report_sized_pair_takes_seconds():
    zh, en, _ = parallel_text(seed=3, terms=60, sentences=1250)
    assert 19_000 <= sum(len(z) for z in zh) <= 25_000
    started = time.process_time()
    rows = mine_terms(list(zip(zh, en)))
    assert rows and time.process_time() - started < 10
