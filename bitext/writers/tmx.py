"""TMX 1.4b (Level 1, plain text) for CAT tools, built with lxml.

What real tools need (see the TMX notes; verified with OmegaT 3.6): the seven header attributes with
``srclang`` equal to the source ``xml:lang``; both ``<tuv>``s in every ``<tu>`` and never an empty
``<seg>`` (OmegaT would insert the empty string); segment text trimmed and otherwise byte-identical to
the document, because matching is exact; no character XML 1.0 forbids (one makes OmegaT ignore the
whole file); our metadata only as ``<prop type="x-…">`` placed before the ``<tuv>``s.

A sentence-level file also holds the document's file segments (``x-segment-of``): the segments
OmegaT makes from the original file that are not sentences of the repaired paragraphs, so a
translator opening the original file gets a match for each.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from bitext.core.aligned import AlignedDocument, FileSegment
from bitext.writers.atomic import write_bytes
from bitext.writers.clean import CharCounter, trim
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import Unit, paragraph_unit, units

SUFFIX = ".tmx"
PARAGRAPH_SUFFIX = ".para.tmx"  # the paragraph-level file when --tmx-level both
TOOL = "bitext"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def paths(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> list[Path]:
    stem = Path(out_dir) / output_stem(doc)
    suffixes = [SUFFIX, PARAGRAPH_SUFFIX] if options.tmx_level == "both" else [SUFFIX]
    return [stem.with_name(stem.name + suffix) for suffix in suffixes]


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    first, *paragraph_file = paths(doc, out_dir, options)
    segtype = "paragraph" if options.tmx_level == "paragraph" else "sentence"
    written = [write_bytes(first, render(doc, options, segtype, clean))]
    for path in paragraph_file:  # --tmx-level both
        written.append(write_bytes(path, render(doc, options, "paragraph", CharCounter())))
    return Written(written, clean.removed)


def render(doc: AlignedDocument, options: WriterOptions, segtype: str = "sentence",
           clean: CharCounter | None = None) -> bytes:
    """The TMX file as bytes; ``clean`` counts the characters XML forbids that it removed."""
    from bitext.core.version import __version__

    src_lang = options.src_lang or doc.src_lang
    tgt_lang = options.tgt_lang or doc.tgt_lang
    date = options.created_utc().strftime("%Y%m%dT%H%M%SZ")
    clean = clean if clean is not None else CharCounter()

    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header")
    # Attribute order as in the spec's example; the values are ours, never taken from input.
    for name, value in (
        ("creationtool", TOOL),
        ("creationtoolversion", __version__),
        ("segtype", segtype),
        ("o-tmf", TOOL),
        ("adminlang", "en-US"),
        ("srclang", src_lang),
        ("datatype", "plaintext"),
        ("creationdate", date),
    ):
        header.set(name, value)
    if options.tmx_props:
        for ptype, value in _header_props(doc):
            _prop(header, ptype, clean(value))

    body = etree.SubElement(root, "body")
    pieces = units(doc) if segtype == "sentence" else _paragraph_units(doc)
    written: set[tuple[str, str]] = set()
    for unit in pieces:
        source = trim(clean(unit.source))
        target = trim(clean(unit.target or ""))
        if not source or not target:  # 1-0 / 0-1 beads: TMX has no place for one side alone
            continue
        written.add((source, target))
        tu = etree.SubElement(body, "tu", tuid=_tuid(unit), creationdate=date)
        if options.tmx_props:
            for ptype, value in _unit_props(doc, unit):
                _prop(tu, ptype, clean(value))
        _tuv(tu, src_lang, source)
        _tuv(tu, tgt_lang, target)
    if segtype == "sentence":
        # The segments a CAT tool cuts from the original file where they are not sentences already
        # (lines of a paragraph a column break cut, heading lines with their Markdown marks).
        for n, segment in enumerate(doc.file_segments, start=1):
            source, target = trim(clean(segment.source)), trim(clean(segment.target))
            if not source or not target or (source, target) in written:
                continue
            written.add((source, target))
            tu = etree.SubElement(body, "tu", tuid=f"f{n}", creationdate=date)
            if options.tmx_props:
                for ptype, value in _file_segment_props(doc, segment):
                    _prop(tu, ptype, clean(value))
            _tuv(tu, src_lang, source)
            _tuv(tu, tgt_lang, target)

    return etree.tostring(
        etree.ElementTree(root),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,  # adds whitespace between elements only, never inside <seg>
        doctype=DOCTYPE,
    )


def _paragraph_units(doc: AlignedDocument):
    for p in doc.paragraphs:
        if p.target is not None:
            yield paragraph_unit(p)


def _tuid(unit: Unit) -> str:
    # Unique in the file, no white space (spec); order of <tu>s carries no meaning, tuids do.
    para = f"p{unit.paragraph.index}"
    return para if unit.number is None else f"{para}-b{unit.number + 1}"


def _header_props(doc: AlignedDocument) -> list[tuple[str, str]]:
    props = [("x-document", doc.name)]
    for key in sorted(doc.meta):
        value = str(doc.meta[key]).strip()
        if value:
            props.append((f"x-{_prop_name(key)}", value))
    return props


def _unit_props(doc: AlignedDocument, unit: Unit) -> list[tuple[str, str]]:
    p = unit.paragraph
    props = [
        ("x-document", doc.name),
        ("x-paragraph", str(p.index)),
        ("x-block-kind", str(getattr(p.kind, "value", p.kind))),
    ]
    if p.line_start:
        props.append(("x-lines", _lines(p.line_start, p.line_end)))
    if unit.bead is not None:
        props.append(("x-alignment", unit.shape))
    if unit.score is not None:
        props.append(("x-align-score", f"{unit.score:.3f}"))
    terms = [f"{t.hit.term.zh}={t.rendering or t.hit.term.en}" for t in unit.terms if t.realised]
    if terms:
        props.append(("x-glossary-terms", "; ".join(dict.fromkeys(terms))))
    if unit.flags:
        props.append(("x-flags", ",".join(unit.flags)))
    props.append(("x-origin", unit.origin))
    model = doc.meta.get("model")
    if unit.origin == "mt" and model:
        props.append(("x-mt-model", str(model)))
    return props


def _file_segment_props(doc: AlignedDocument, segment: FileSegment) -> list[tuple[str, str]]:
    props = [
        ("x-document", doc.name),
        ("x-segment-of", segment.of),
        ("x-paragraph", ",".join(str(i) for i in segment.paragraphs)),
        ("x-lines", _lines(segment.line_start, segment.line_end)),
    ]
    if segment.flags:
        props.append(("x-flags", ",".join(segment.flags)))
    props.append(("x-origin", segment.origin))
    return props


def _lines(start: int, end: int) -> str:
    return str(start) if end in (0, start) else f"{start}-{end}"


def _prop_name(key: str) -> str:
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in key.lower())
    return cleaned.strip("-") or "meta"


def _prop(parent: etree._Element, ptype: str, value: str) -> None:
    prop = etree.SubElement(parent, "prop", type=ptype)
    prop.text = value


def _tuv(tu: etree._Element, lang: str, text: str) -> None:
    tuv = etree.SubElement(tu, "tuv")
    tuv.set(XML_LANG, lang)
    etree.SubElement(tuv, "seg").text = text
