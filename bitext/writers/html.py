"""Side-by-side HTML for reviewers: one self-contained file per document (inline CSS and JS).

This module turns an AlignedDocument into plain view data (blocks → rows → sentence runs → text
pieces, some of them glossary marks); ``templates/page.html.j2`` lays it out and ``app.js`` adds the
review loop (edit, approve, reject, comment, re-pair, export). Every string from the input reaches
the page only through Jinja2's autoescape (text and attribute values) or ``|tojson`` (the JSON block
the script reads), so input can never add markup or script; the Content-Security-Policy allows only
the page's own script, by its SHA-256.

A paragraph is shown as one row, or, when it is long (a literary chapter without paragraph breaks, a
transcript), as one row per sentence pair, so the two columns never drift apart.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Sentence
from bitext.core.flags import (FLAG_CHUNKED, FLAG_EMPTY, FLAG_FROM_TM, FLAG_LOW_CONFIDENCE, FLAG_REPETITION, FLAG_TERM_MISSING,
                               FLAG_TERM_WRONG_RENDERING, FLAG_UNALIGNED)
from bitext.core.printing import find_printed
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import FURNITURE, bead_unit, paragraph_flags, paragraph_unit
from bitext.core.terms import RENDERING_LABELS, TermCheck

SUFFIX = ".html"
TEMPLATE = "page.html.j2"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SCRIPT = "app.js"

# A paragraph with more sentence pairs than this, or more source characters, gets a row per pair.
PAIR_ROWS_OVER_PAIRS = 8
PAIR_ROWS_OVER_CHARS = 600

# Label and one-line explanation for each flag, in the order the legend lists them.
FLAG_INFO = {
    FLAG_TERM_MISSING: ("term not enforced", "None of a glossary term's accepted renderings is in the English."),
    FLAG_TERM_WRONG_RENDERING: ("wrong term rendering", "The English uses a rendering the glossary lists to avoid "
                                                         "(an outdated official form or a calque)."),
    FLAG_LOW_CONFIDENCE: ("low alignment", "The sentence alignment in this paragraph is uncertain."),
    FLAG_UNALIGNED: ("unaligned", "A sentence has no counterpart on the other side."),
    FLAG_CHUNKED: ("chunked", "The paragraph was too long for the model and was translated in pieces."),
    FLAG_EMPTY: ("empty translation", "The model returned no English for this text."),
    FLAG_REPETITION: ("repetition", "The model repeated itself; its output was cut short."),
}


@dataclass
class Piece:
    text: str
    term: dict | None = None  # zh, en, label, category, source, note, status ("ok" | "missing" | "wrong"), avoided


@dataclass
class Run:
    """A sentence (``sid`` set) or the text between two sentences."""

    pieces: list[Piece]
    sid: str | None = None
    bead: str | None = None  # the pair's id: every sentence of one pair shares it
    shape: str = ""
    score: float | None = None
    flags: list[str] = field(default_factory=list)
    pair: int | None = None  # the pair's position in its paragraph
    origin: str | None = None  # English sentences: "mt", "tm" or "human"


@dataclass
class Pair:
    """The sentences of one bead (a sentence no bead covers is a pair of its own), as the page shows it."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float | None
    flags: list[str]
    origin: str

    @property
    def shape(self) -> str:
        return f"{len(self.src)}:{len(self.tgt)}"


@dataclass
class Row:
    id: str
    pid: str  # the paragraph's element id
    index: int
    kind: str
    level: int
    lines: str
    origin: str
    flags: list[str]
    src: list[Run]
    tgt: list[Run] | None  # None: not translated
    tm_hint: str | None
    terms_ok: int
    terms_flagged: int  # unrealised or rendered with an avoid-listed form
    pair: int | None = None  # a row of one sentence pair: the pair's position in the paragraph

    @property
    def furniture(self) -> bool:
        return self.kind == FURNITURE

    @property
    def empty(self) -> bool:
        return FLAG_EMPTY in self.flags

    @property
    def heading(self) -> bool:
        return self.kind == "heading" or self.level > 0


@dataclass
class Block:
    """A paragraph: one row, or (``pair_rows``) a heading line and one row per sentence pair."""

    paragraph: Row  # the paragraph as one row (what a pair-row block shows in its heading line)
    pairs: list[Pair]
    rows: list[Row]
    pair_rows: bool

    @property
    def translated(self) -> bool:
        return self.paragraph.tgt is not None


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    from bitext.core.version import __version__

    clean = clean if clean is not None else CharCounter()
    blocks = [
        _block(p, clean)
        for p in doc.paragraphs
        if p.target is not None or options.include_furniture or p.kind != FURNITURE
    ]
    rows = [b.paragraph for b in blocks]
    script, script_hash = _script()
    total_pairs = sum(len(b.pairs) for b in blocks if b.translated)
    flagged_pairs = sum(1 for b in blocks if b.translated for pr in b.pairs if pr.flags)
    context = {
        "doc_name": clean(doc.name),
        "src_lang": options.src_lang or doc.src_lang,
        "tgt_lang": options.tgt_lang or doc.tgt_lang,
        "zh_lang": html_lang(options.src_lang or doc.src_lang),
        "blocks": blocks,
        "stats": _stats(doc, rows, clean),
        "total_pairs": total_pairs,
        "flagged_pairs": flagged_pairs,
        "flag_info": FLAG_INFO,
        "created": options.created_utc().strftime("%Y-%m-%d %H:%M UTC"),
        "script": script,
        "script_hash": script_hash,
        "data": {
            "document": clean(doc.name),
            "stem": clean(output_stem(doc)),
            "hash": content_hash(doc),
            "version": __version__,
            "srcLang": options.src_lang or doc.src_lang,
            "tgtLang": options.tgt_lang or doc.tgt_lang,
            "flagLabels": {k: v[0] for k, v in FLAG_INFO.items()},
            "flagTitles": {k: v[1] for k, v in FLAG_INFO.items()},
            "flaggedRows": [r.id for r in rows if r.flags],
            # Per translated paragraph, its pairs: [zh sentence numbers, en sentence numbers, flags, origin].
            "pairs": {
                b.paragraph.id: [[list(pr.src), list(pr.tgt), pr.flags, pr.origin] for pr in b.pairs]
                for b in blocks if b.translated
            },
        },
    }
    html = _environment().get_template(TEMPLATE).render(**context)
    return html


def content_hash(doc: AlignedDocument) -> str:
    """Identifies this version of the document: review state kept in a browser belongs to it alone."""
    shape = [
        doc.name,
        [
            [p.index, p.source, p.target, [[s.start, s.end] for s in p.src_sentences],
             [[s.start, s.end] for s in p.tgt_sentences], [[list(b.src), list(b.tgt)] for b in p.beads]]
            for p in doc.paragraphs
        ],
    ]
    data = json.dumps(shape, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _script():
    """The page's script and the CSP source that allows it (and nothing else) to run."""
    from markupsafe import Markup

    text = (TEMPLATE_DIR / SCRIPT).read_text("utf-8")
    if "</script" in text.lower():
        raise ValueError(f"{SCRIPT} must not contain '</script'")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    # Our own file, never input: inserted verbatim so the hash in the CSP matches byte for byte.
    return Markup(text), f"sha256-{digest}"


def html_lang(code: str) -> str:
    """HTML wants the script subtag for Chinese (fonts and line breaking follow it); zh-CN → zh-Hans."""
    lower = code.lower()
    if lower.split("-")[0] != "zh":
        return code
    traditional = any(tag in lower for tag in ("-hant", "-tw", "-hk", "-mo"))
    return "zh-Hant" if traditional else "zh-Hans"


@functools.lru_cache(maxsize=1)
def _environment():
    # One environment per process: it caches the compiled template, which otherwise costs ~50 ms of
    # parsing and compiling per document (most of a 1,000-file run's time).
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,  # every template and include, whatever its file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["score"] = lambda s: "" if s is None else f"{s:.2f}"
    return env


def _block(p: AlignedParagraph, clean: CharCounter) -> Block:
    rid = f"p{p.index}"
    translated = p.target is not None
    src_sentences = p.src_sentences or [Sentence(p.source, 0, len(p.source))]
    tgt_sentences = (p.tgt_sentences or [Sentence(p.target, 0, len(p.target))]) if translated else []
    pairs = _pairs(p, len(src_sentences), len(tgt_sentences), clean) if translated else []
    src_pair = {i: n for n, pr in enumerate(pairs) for i in pr.src}
    tgt_pair = {i: n for n, pr in enumerate(pairs) for i in pr.tgt}

    views = {id(t): _term_view(t, clean) for t in p.terms}  # cleaned once, shown on both sides
    src = _runs(p.source, src_sentences, src_pair, pairs, rid, "zh", clean,
                lambda i, s, valid: _zh_marks(p, s, valid, views))
    tgt = None
    if translated:
        en_marks = _EnglishMarks(p, views)
        bead_of = {i: n for n, bead in enumerate(p.beads) for i in bead.tgt}
        tgt = _runs(p.target, tgt_sentences, tgt_pair, pairs, rid, "en", clean,
                    lambda i, s, valid: en_marks.find(bead_of.get(i), s))
    # from-tm is provenance (the origin marks say it), not a problem for the reviewer to chase.
    flags = [clean(f) for f in paragraph_flags(p) if f != FLAG_FROM_TM] if translated else []
    lines = ""
    if p.line_start:
        lines = str(p.line_start) if p.line_end in (0, p.line_start) else f"{p.line_start}–{p.line_end}"
    paragraph = Row(
        id=rid,
        pid=rid,
        index=p.index,
        kind=str(getattr(p.kind, "value", p.kind)),
        level=max(0, min(p.level, 6)),
        lines=lines,
        origin=p.origin,
        flags=flags,
        src=src,
        tgt=tgt,
        tm_hint=None if p.tm_hint is None else clean(p.tm_hint),
        terms_ok=sum(1 for t in p.terms if t.realised and not t.avoided),
        terms_flagged=sum(1 for t in p.terms if not t.realised or t.avoided),
    )
    long = len(pairs) > PAIR_ROWS_OVER_PAIRS or len(p.source) > PAIR_ROWS_OVER_CHARS
    if len(pairs) < 2 or not long:
        return Block(paragraph, pairs, [paragraph], False)
    src_parts, tgt_parts = _by_pair(src, len(pairs)), _by_pair(tgt, len(pairs))
    rows = [
        Row(id=f"{rid}-r{n}", pid=rid, index=p.index, kind=paragraph.kind, level=paragraph.level, lines="",
            origin=pr.origin, flags=pr.flags, src=src_parts[n], tgt=tgt_parts[n], tm_hint=None,
            terms_ok=0, terms_flagged=0, pair=n)
        for n, pr in enumerate(pairs)
    ]
    return Block(paragraph, pairs, rows, True)


def _pairs(p: AlignedParagraph, n_src: int, n_tgt: int, clean: CharCounter) -> list[Pair]:
    """The paragraph's sentence pairs in reading order: its beads, plus a pair for each sentence no bead
    covers; a paragraph without beads is one pair (as TMX and JSONL see it)."""
    if not p.beads:
        flags = [clean(f) for f in paragraph_unit(p).flags if f != FLAG_FROM_TM]
        return [Pair(tuple(range(n_src)), tuple(range(n_tgt)), None, flags, p.origin)]
    pairs: list[Pair] = []
    seen_src: set[int] = set()
    seen_tgt: set[int] = set()
    for n, bead in enumerate(p.beads):
        src = tuple(i for i in bead.src if 0 <= i < n_src and i not in seen_src)
        tgt = tuple(i for i in bead.tgt if 0 <= i < n_tgt and i not in seen_tgt)
        if not src and not tgt:
            continue
        seen_src.update(src)
        seen_tgt.update(tgt)
        unit = bead_unit(p, n, bead)
        pairs.append(Pair(src, tgt, bead.score, [clean(f) for f in unit.flags if f != FLAG_FROM_TM], unit.origin))
    for side, count, seen in (("src", n_src, seen_src), ("tgt", n_tgt, seen_tgt)):
        for i in range(count):
            if i in seen:
                continue
            # after the last pair holding an earlier sentence of the same side
            at = 1 + max((k for k, pr in enumerate(pairs) if getattr(pr, side) and max(getattr(pr, side)) < i),
                         default=-1)
            while at < len(pairs) and not getattr(pairs[at], side):
                at += 1  # either order is monotone; Chinese-only pairs first, then English-only ones
            alone = Pair((i,), (), 0.0, [FLAG_UNALIGNED], p.origin) if side == "src" else \
                Pair((), (i,), 0.0, [FLAG_UNALIGNED], p.origin)
            pairs.insert(at, alone)
    return pairs


def _by_pair(runs: list[Run] | None, count: int) -> list[list[Run]]:
    """Runs grouped by pair; text between sentences goes with the sentence after it."""
    parts: list[list[Run]] = [[] for _ in range(count)]
    if runs is None:
        return parts
    pending: list[Run] = []
    last = 0
    for run in runs:
        if run.pair is None:
            pending.append(run)
            continue
        last = run.pair
        parts[last].extend(pending)
        parts[last].append(run)
        pending = []
    parts[last].extend(pending)
    return parts


def _runs(text, sentences, pair_of, pairs, rid, side, clean, marks_for) -> list[Run]:
    """Sentences (with their glossary marks) and the text between them, in reading order."""
    valid = all(0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text for s in sentences)
    valid = valid and all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    runs: list[Run] = []
    pos = 0
    for i, s in enumerate(sentences):
        if valid and s.start > pos:
            runs.append(Run([Piece(clean(text[pos:s.start]))]))
        elif not valid and i and side == "en":
            runs.append(Run([Piece(" ")]))
        n = pair_of.get(i)
        pair = pairs[n] if n is not None else None
        runs.append(
            Run(
                pieces=[Piece(clean(t), term) for t, term in _split(s.text, marks_for(i, s, valid))],
                sid=f"{rid}-{side}{i}",
                bead=f"{rid}-b{n}" if n is not None else f"{rid}-{side}{i}-alone",
                shape=pair.shape if pair else "",
                score=pair.score if pair else None,
                flags=list(pair.flags) if pair else [],
                pair=n,
                origin=pair.origin if pair and side == "en" else None,
            )
        )
        pos = s.end if valid else pos
    if valid and pos < len(text):
        runs.append(Run([Piece(clean(text[pos:]))]))
    return runs


def _split(text: str, marks: list[tuple[int, int, dict]]) -> list[tuple[str, dict | None]]:
    """Cut ``text`` at non-overlapping marks (local offsets); the first of overlapping marks wins."""
    out, pos = [], 0
    for start, end, term in sorted(marks, key=lambda m: (m[0], -m[1])):
        start, end = max(start, 0), min(end, len(text))
        if start < pos or start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], term))
        pos = end
    if pos < len(text) or not out:
        out.append((text[pos:], None))
    return out


def _term_view(t: TermCheck, clean: CharCounter) -> dict:
    term = t.hit.term
    return {
        "zh": clean(term.zh),
        "en": clean(term.en),
        "rendering": clean(t.rendering or ""),
        "category": clean(term.category),
        "source": clean(term.source),
        "note": clean(term.note),
        # Names what ``en`` is, so a project choice never reads as official.
        "label": RENDERING_LABELS[term.provenance],
        "status": "wrong" if t.avoided else ("ok" if t.realised else "missing"),
        "avoided": clean(t.avoided or ""),
    }


def _zh_marks(p: AlignedParagraph, s: Sentence, offsets_valid: bool,
              views: dict[int, dict]) -> list[tuple[int, int, dict]]:
    marks = []
    for t in p.terms:
        if offsets_valid:
            start, end = max(t.hit.start, s.start), min(t.hit.end, s.end)
            if start < end:
                marks.append((start - s.start, end - s.start, views[id(t)]))
        else:
            found = find_printed(s.text, t.hit.term.zh)
            if found is not None:
                marks.append((*found, views[id(t)]))
    return marks


class _EnglishMarks:
    """Finds each realised term in the English sentences of the term's bead: the words that realised
    it as written (inflected, British-spelt, with a word inserted), else one of its renderings.

    Each source occurrence claims at most one English occurrence, so two hits of one term mark two
    places, not the same one twice.
    """

    def __init__(self, p: AlignedParagraph, views: dict[int, dict]):
        self.p = p
        self.views = views
        self.used: set[tuple[int, int, int]] = set()  # (sentence start, match start, match end)
        self.found: set[int] = set()  # id() of TermChecks already marked
        self.bead_terms: dict[int | None, list[TermCheck]] = {}
        for t in p.terms:
            if t.realised:
                self.bead_terms.setdefault(self._bead_of(t), []).append(t)

    def _bead_of(self, t: TermCheck) -> int | None:
        for n, bead in enumerate(self.p.beads):
            for i in bead.src:
                if 0 <= i < len(self.p.src_sentences):
                    s = self.p.src_sentences[i]
                    if s.start <= t.hit.start < s.end:
                        return n
        return None

    def find(self, bead: int | None, s: Sentence) -> list[tuple[int, int, dict]]:
        marks = []
        for t in self.bead_terms.get(bead if self.p.beads else None, []):
            if id(t) in self.found:
                continue
            for rendering in dict.fromkeys(r for r in (t.found, t.rendering, *t.hit.term.renderings) if r):
                m = next((m for m in _search(rendering, s.text) if (s.start, *m) not in self.used), None)
                if m:
                    self.used.add((s.start, *m))
                    self.found.add(id(t))
                    marks.append((m[0], m[1], self.views[id(t)]))
                    break
        return marks


def _search(needle: str, text: str) -> list[tuple[int, int]]:
    """Case-insensitive occurrences: whole words first ("CPC" must not light up inside "CPCs")."""
    for pattern in (rf"(?<!\w){re.escape(needle)}(?!\w)", re.escape(needle)):
        spans = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        if spans:
            return spans
    return []


def _stats(doc: AlignedDocument, rows: list[Row], clean: CharCounter) -> list[tuple[str, str]]:
    paras = doc.paragraphs
    translated = sum(1 for p in paras if p.target is not None)
    stats = [
        ("Paragraphs", f"{translated} translated / {len(paras)}"),
        ("Sentences", f"{sum(len(p.src_sentences) for p in paras)} zh · "
                      f"{sum(len(p.tgt_sentences) for p in paras)} en"),
        ("Terms enforced", str(sum(r.terms_ok for r in rows))),
        ("Terms flagged", str(sum(r.terms_flagged for r in rows))),
        ("Flagged rows", str(sum(1 for r in rows if r.flags))),
    ]
    meta = doc.meta
    for key, label in (("model", "Model"), ("date", "Date"), ("glossary_version", "Glossary")):
        if meta.get(key):
            stats.append((label, clean(str(meta[key]))))
    return stats
