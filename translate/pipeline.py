"""The per-document pipeline: (document, translator, glossary, options) → aligned, annotated segments.

A function of its inputs: no files, no globals, no clock (writers stamp the creation time). The batch
runner, tests and a distributed runner (one call per document) all use it the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.core.flags import FLAG_CHUNKED, FLAG_EMPTY, FLAG_FROM_TM, FLAG_TERM_MISSING
from bitext.glossary.enforce import enforce
from bitext.core.terms import TermCheck, TermHit
from bitext.core.document import BlockKind, Document
from bitext.translate.quality import output_flags



@dataclass(frozen=True)
class TranslateOptions:
    glossary_mode: str = "enforce"  # enforce | check | off
    keep_furniture: bool = False
    unit: str = "sentence"  # what one model call sees: a sentence (OPUS-MT's training unit) or a paragraph
    segmentation: str = "bitext"  # bitext | omegat: sentence rules for units and TMX segments
    tm_fuzzy_threshold: float = 0.75
    convert_traditional: bool = False  # match and translate Traditional input as Simplified (OpenCC)
    embed_model: str | None = "use"  # the aligner's embeddings when paragraph units are realigned (AlignOptions)

    @property
    def translates_furniture(self) -> bool:
        # OmegaT segmentation promises a TMX match for every segment of the original file, and page
        # furniture is segments too.
        return self.keep_furniture or self.segmentation == "omegat"


class Translator(Protocol):
    """What the pipeline needs from a translator; :class:`bitext.translate.engine.Engine` is the real one."""

    def translate(self, texts: list[str]) -> list[str]:
        """Translate each text; same count and order, nothing truncated, blank in → blank out."""

    def is_chunked(self, text: str) -> bool:
        """True when ``text`` is longer than the model's input limit and is translated in pieces."""


@dataclass
class _Unit:
    block: int  # index into the paragraphs being built
    source: str  # as in the document
    start: int  # offset of the unit in its paragraph
    tm: str | None = None
    model_source: str = ""  # what the glossary matcher and the model see

    def __post_init__(self):
        self.model_source = self.model_source or self.source


def _units(text: str, options: TranslateOptions) -> list[tuple[str, int]]:
    from bitext.align.split import split_zh

    if options.unit == "paragraph":
        return [(text, 0)]
    return [(s.text, s.start) for s in split_zh(text, options.segmentation)] or [(text, 0)]


def translate_document(document: Document, translator: Translator, glossary=None,
                       options: TranslateOptions = TranslateOptions(), tm=None,
                       meta: dict[str, str] | None = None) -> AlignedDocument:
    from bitext.align.split import split_en
    from bitext.translate.tm import tm_lookup

    paragraphs: list[AlignedParagraph] = []
    units: list[_Unit] = []
    simplify = _simplifier(document, options)
    for block in document.blocks:
        translated = block.kind is not BlockKind.CODE and (block.kind is not BlockKind.FURNITURE
                                                           or options.translates_furniture)
        paragraph = AlignedParagraph(index=block.index, kind=block.kind.value, source=block.text,
                                     target="" if translated else None, line_start=block.line_start,
                                     line_end=block.line_end, level=block.level, origin="mt",
                                     prefix=block.prefix, cell=block.cell)
        paragraphs.append(paragraph)
        if not translated:
            continue
        whole = tm_lookup(tm, block.text, options.tm_fuzzy_threshold)
        if whole.kind == "exact":  # the memory holds the whole paragraph: one unit, not sent to the model
            units.append(_Unit(len(paragraphs) - 1, block.text, 0, whole.target, simplify(block.text)))
            continue
        if whole.kind == "fuzzy":
            paragraph.tm_hint = whole.target
        for text, start in _units(block.text, options):
            exact = tm_lookup(tm, text, options.tm_fuzzy_threshold, fuzzy=False)
            units.append(_Unit(len(paragraphs) - 1, text, start, exact.target if exact.kind == "exact" else None,
                               simplify(text)))

    mode = options.glossary_mode if glossary is not None else "off"
    to_translate = [u for u in units if u.tm is None]
    enforced = iter(enforce([u.model_source for u in to_translate], translator.translate, glossary, mode))
    from_tm = [u for u in units if u.tm is not None]
    checked_tm = iter(enforce([u.model_source for u in from_tm], _fixed([u.tm for u in from_tm]), glossary,
                              "check" if mode != "off" else "off"))

    for unit in units:
        result = next(checked_tm) if unit.tm is not None else next(enforced)
        paragraph = paragraphs[unit.block]
        target = result.text.strip()
        offset = len(paragraph.target) + (1 if paragraph.target and target else 0)
        paragraph.target = f"{paragraph.target} {target}" if paragraph.target and target else paragraph.target + target
        src_index = len(paragraph.src_sentences)
        paragraph.src_sentences.append(Sentence(unit.source, unit.start, unit.start + len(unit.source)))
        first_tgt = len(paragraph.tgt_sentences)
        paragraph.tgt_sentences.extend(Sentence(s.text, s.start + offset, s.end + offset) for s in split_en(target))
        flags = output_flags(unit.source, target) + [f for f in result.flags if f != FLAG_TERM_MISSING]
        if unit.tm is not None:
            flags.append(FLAG_FROM_TM)
        elif translator.is_chunked(unit.model_source):
            flags.append(FLAG_CHUNKED)
        if result.missing:
            flags.append(FLAG_TERM_MISSING)
        paragraph.beads.append(Bead((src_index,), tuple(range(first_tgt, len(paragraph.tgt_sentences))), 1.0,
                                    tuple(dict.fromkeys(flags))))
        paragraph.terms.extend(_shift(c, unit.start) for c in result.checks)
        for flag in flags:
            if flag != FLAG_FROM_TM and flag not in paragraph.flags:
                paragraph.flags.append(flag)

    for paragraph in paragraphs:
        if paragraph.beads and all(FLAG_FROM_TM in b.flags for b in paragraph.beads):
            paragraph.origin = "tm"
        if options.unit == "paragraph" and paragraph.target:
            _realign(paragraph, options)
        if paragraph.target is not None and paragraph.source.strip() and not paragraph.target.strip() \
                and FLAG_EMPTY not in paragraph.flags:
            paragraph.flags.append(FLAG_EMPTY)

    info = {
        "encoding": document.encoding,
        "script": document.script,
        "glossary_mode": mode,
        "unit": options.unit,
        "segmentation": options.segmentation,
    }
    if glossary is not None:
        info["glossary_version"] = glossary.info.version
    notes = list(document.notes)
    if simplify is not str:
        notes.append("matched and translated as Simplified Chinese")
    if notes:
        info["notes"] = "; ".join(notes)
    info.update(meta or {})
    file_segments = []
    if options.segmentation == "omegat":
        from bitext.translate.file_segments import omegat_file_segments

        file_segments = omegat_file_segments(document, paragraphs)
    return AlignedDocument(name=document.name, paragraphs=paragraphs, source_path=document.path, meta=info,
                           file_segments=file_segments)


def _realign(paragraph: AlignedParagraph, options: TranslateOptions) -> None:
    """Paragraph units come back as one English paragraph: align its sentences to the source's."""
    from bitext.align.aligner import AlignOptions, align_paragraph

    flags = paragraph.beads[0].flags if paragraph.beads else ()
    src, tgt, beads = align_paragraph(paragraph.source, paragraph.target,
                                      options=AlignOptions(segmentation=options.segmentation,
                                                           embed_model=options.embed_model))
    paragraph.src_sentences, paragraph.tgt_sentences = list(src), list(tgt)
    paragraph.beads = [replace(b, flags=tuple(dict.fromkeys((*b.flags, *flags)))) for b in beads]
    for bead in paragraph.beads:
        for flag in bead.flags:
            if flag not in paragraph.flags:
                paragraph.flags.append(flag)


def _simplifier(document: Document, options: TranslateOptions) -> Callable[[str], str]:
    if not options.convert_traditional or document.script not in ("traditional", "mixed"):
        return str
    from bitext.translate.ingest.script import to_simplified

    # OpenCC's t2s maps character for character in all but rare phrase cases, so term offsets found in
    # the Simplified text also point into the original.
    return to_simplified


def _shift(check: TermCheck, offset: int) -> TermCheck:
    if not offset:
        return check
    hit = check.hit
    return replace(check, hit=TermHit(hit.term, hit.start + offset, hit.end + offset))


def _fixed(targets: list[str]) -> Callable[[list[str]], list[str]]:
    """A 'translator' that returns translation-memory targets, so TM segments get the same term checks."""
    def translate(texts: list[str]) -> list[str]:
        assert len(texts) == len(targets)
        return list(targets)
    return translate
