"""Side-by-side HTML for reviewers: one self-contained file per document (inline CSS and JS).

This module turns an AlignedDocument into plain view data (rows → sentence runs → text pieces, some
of them glossary marks); ``templates/page.html.j2`` lays it out. Every string from the input reaches
the page only through Jinja2's autoescape (text and attribute values) or ``|tojson`` (the JSON block
the script reads), so input can never add markup or script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Sentence
from bitext.core.flags import (FLAG_CHUNKED, FLAG_EMPTY, FLAG_FROM_TM, FLAG_LOW_CONFIDENCE, FLAG_REPETITION, FLAG_TERM_MISSING,
                               FLAG_TERM_WRONG_RENDERING, FLAG_UNALIGNED)
from bitext.writers.atomic import write_text
from bitext.writers.clean import CharCounter
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import FURNITURE, paragraph_flags
from bitext.core.terms import RENDERING_LABELS, TermCheck

SUFFIX = ".html"
TEMPLATE = "page.html.j2"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

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
    bead: str | None = None
    shape: str = ""
    score: float | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class Row:
    id: str
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

    @property
    def furniture(self) -> bool:
        return self.kind == FURNITURE

    @property
    def empty(self) -> bool:
        return FLAG_EMPTY in self.flags

    @property
    def heading(self) -> bool:
        return self.kind == "heading" or self.level > 0


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_text(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> str:
    clean = clean if clean is not None else CharCounter()
    rows = [
        _row(p, clean)
        for p in doc.paragraphs
        if p.target is not None or options.include_furniture or p.kind != FURNITURE
    ]
    context = {
        "doc_name": clean(doc.name),
        "src_lang": options.src_lang or doc.src_lang,
        "tgt_lang": options.tgt_lang or doc.tgt_lang,
        "zh_lang": html_lang(options.src_lang or doc.src_lang),
        "rows": rows,
        "stats": _stats(doc, rows, clean),
        "flag_info": FLAG_INFO,
        "created": options.created_utc().strftime("%Y-%m-%d %H:%M UTC"),
        "data": {
            "document": clean(doc.name),
            "flagLabels": {k: v[0] for k, v in FLAG_INFO.items()},
            "flaggedRows": [r.id for r in rows if r.flags],
        },
    }
    html = _environment().get_template(TEMPLATE).render(**context)
    return html


def html_lang(code: str) -> str:
    """HTML wants the script subtag for Chinese (fonts and line breaking follow it); zh-CN → zh-Hans."""
    lower = code.lower()
    if lower.split("-")[0] != "zh":
        return code
    traditional = any(tag in lower for tag in ("-hant", "-tw", "-hk", "-mo"))
    return "zh-Hant" if traditional else "zh-Hans"


def _environment():
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


def _row(p: AlignedParagraph, clean: CharCounter) -> Row:
    rid = f"p{p.index}"
    src_bead, tgt_bead = {}, {}
    for n, bead in enumerate(p.beads):
        for i in bead.src:
            src_bead[i] = n
        for i in bead.tgt:
            tgt_bead[i] = n

    views = {id(t): _term_view(t, clean) for t in p.terms}  # cleaned once, shown on both sides
    src = _runs(p.source, p.src_sentences, src_bead, p, rid, "zh", clean,
                lambda i, s, valid: _zh_marks(p, s, valid, views))
    tgt = None
    if p.target is not None:
        en_marks = _EnglishMarks(p, views)
        tgt = _runs(p.target, p.tgt_sentences, tgt_bead, p, rid, "en", clean,
                    lambda i, s, valid: en_marks.find(tgt_bead.get(i), s))
    # from-tm is provenance (the row's origin badge says it), not a problem for the reviewer to chase.
    flags = [clean(f) for f in paragraph_flags(p) if f != FLAG_FROM_TM] if p.target is not None else []
    lines = ""
    if p.line_start:
        lines = str(p.line_start) if p.line_end in (0, p.line_start) else f"{p.line_start}–{p.line_end}"
    return Row(
        id=rid,
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


def _runs(text, sentences, bead_of, p, rid, side, clean, marks_for) -> list[Run]:
    """Sentences (with their glossary marks) and the text between them, in reading order."""
    if not sentences:
        # No sentence split given: the paragraph is one unit linked to the whole other side.
        sentences = [Sentence(text, 0, len(text))]
        bead_of = {0: 0}
    valid = all(0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text for s in sentences)
    valid = valid and all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    runs: list[Run] = []
    pos = 0
    for i, s in enumerate(sentences):
        if valid and s.start > pos:
            runs.append(Run([Piece(clean(text[pos:s.start]))]))
        elif not valid and i and side == "en":
            runs.append(Run([Piece(" ")]))
        n = bead_of.get(i)
        bead = p.beads[n] if n is not None and n < len(p.beads) else None
        runs.append(
            Run(
                pieces=[Piece(clean(t), term) for t, term in _split(s.text, marks_for(i, s, valid))],
                sid=f"{rid}-{side}{i}",
                bead=f"{rid}-b{n}" if n is not None else f"{rid}-{side}{i}-alone",
                shape=f"{len(bead.src)}:{len(bead.tgt)}" if bead else "",
                score=bead.score if bead else None,
                flags=[clean(f) for f in bead.flags if f != FLAG_FROM_TM] if bead else [],
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
            found = s.text.find(t.hit.term.zh)
            if found >= 0:
                marks.append((found, found + len(t.hit.term.zh), views[id(t)]))
    return marks


class _EnglishMarks:
    """Finds each realised term's rendering in the English sentences of the term's bead.

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
            for rendering in dict.fromkeys(r for r in (t.rendering, *t.hit.term.renderings) if r):
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
