"""XLIFF 1.2 for post-editing in a CAT tool: one bilingual file per document, built with lxml.

One ``<group>`` per paragraph carries the document's structure: ``restype`` says what the block is
(``heading``, ``caption``, ``x-body``, ``x-byline``, ``x-furniture``), page furniture is marked
``translate="no"``, and a ``context-group`` gives the original line span. One ``<trans-unit>`` per
aligned bead holds the Chinese as ``<source>`` and bitext's English as ``<target>``: machine
translation ``state="needs-review-translation"`` (qualifier ``mt-suggestion``), a translation-memory
match or a human translation ``state="translated"``. Notes, which CAT tools show beside the segment,
give the block kind and lines, the glossary terms (official rendering and the publication that fixes
it, or that the English misses it) and the flags. Machine translation is also kept as an
``<alt-trans origin="bitext-mt">`` proposal, so reading the file back can tell a post-edited target
from an untouched one. Valid against the OASIS XLIFF 1.2 strict schema.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from bitext.core.aligned import AlignedDocument, AlignedParagraph
from bitext.core.flags import FLAG_FROM_TM
from bitext.writers.atomic import write_bytes
from bitext.writers.clean import CharCounter, trim
from bitext.writers.naming import output_stem
from bitext.writers.options import Written, WriterOptions
from bitext.writers.units import Unit, units

SUFFIX = ".xlf"
NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL = "bitext"
FURNITURE = "furniture"
# XLIFF 1.2 has predefined resource types for these; the others are extensions ("x-").
RESTYPES = {"heading": "heading", "caption": "caption"}
STATE_MT = "needs-review-translation"
STATE_DONE = "translated"
MT_ORIGIN = "bitext-mt"  # <alt-trans origin=…> holding the machine translation as first written


def write(doc: AlignedDocument, out_dir: Path, options: WriterOptions) -> Written:
    clean = CharCounter()
    path = write_bytes(Path(out_dir) / f"{output_stem(doc)}{SUFFIX}", render(doc, options, clean))
    return Written([path], clean.removed)


def render(doc: AlignedDocument, options: WriterOptions, clean: CharCounter | None = None) -> bytes:
    from bitext.core.version import __version__

    clean = clean if clean is not None else CharCounter()
    original = Path(doc.source_path).name if doc.source_path else f"{doc.name}.txt"
    E = _maker()
    file_el = E("file", original=clean(original), datatype="plaintext", date=options.created_utc().strftime("%Y-%m-%dT%H:%M:%SZ"))
    file_el.set("source-language", options.src_lang or doc.src_lang)
    file_el.set("target-language", options.tgt_lang or doc.tgt_lang)
    file_el.set("tool-id", TOOL)
    header = _sub(file_el, "header")
    tool = _sub(header, "tool")
    tool.set("tool-id", TOOL)
    tool.set("tool-name", TOOL)
    tool.set("tool-version", __version__)
    for key in sorted(doc.meta):
        value = str(doc.meta[key]).strip()
        if value:
            _sub(header, "note", clean(f"{key}: {value}"), **{"from": TOOL})
    body = _sub(file_el, "body")

    by_paragraph: dict[int, list[Unit]] = {}
    for unit in units(doc, untranslated=True):
        by_paragraph.setdefault(id(unit.paragraph), []).append(unit)
    for p in doc.paragraphs:
        pieces = _merge_orphans(by_paragraph.get(id(p), []))
        if pieces:
            _group(body, doc, original, p, pieces, clean)

    root = E("xliff", version="1.2")
    root.append(file_el)
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _maker():
    def make(tag: str, **attrs) -> etree._Element:
        return etree.Element(f"{{{NS}}}{tag}", nsmap={None: NS}, **attrs)
    return make


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
    if text is not None:
        el.text = text
    return el


def _merge_orphans(pieces: list[Unit]) -> list[tuple[Unit, str | None]]:
    """(unit, English) pairs; English without Chinese (a 0-1 bead) joins the unit before it."""
    out: list[tuple[Unit, str | None]] = []
    for unit in pieces:
        if not unit.source.strip() and out:
            previous, english = out[-1]
            out[-1] = (previous, " ".join(t for t in (english, unit.target) if t and t.strip()) or english)
            continue
        out.append((unit, unit.target))
    if out and not out[0][0].source.strip() and len(out) > 1:  # leading 0-1 bead: onto the next unit
        (_, lead), (unit, english) = out[0], out[1]
        out[:2] = [(unit, " ".join(t for t in (lead, english) if t) or None)]
    return [(u, e) for u, e in out if u.source.strip()]


def _group(body, doc: AlignedDocument, original: str, p: AlignedParagraph,
           pieces: list[tuple[Unit, str | None]], clean: CharCounter) -> None:
    kind = str(getattr(p.kind, "value", p.kind))
    group = _sub(body, "group", id=f"p{p.index}", restype=RESTYPES.get(kind, f"x-{kind}"))
    if kind == FURNITURE:
        group.set("translate", "no")
    if p.line_start:
        context = _sub(group, "context-group", purpose="location")
        _sub(context, "context", clean(original)).set("context-type", "sourcefile")
        _sub(context, "context", str(p.line_start)).set("context-type", "linenumber")
        _sub(context, "context", str(p.line_end or p.line_start)).set("context-type", "x-line-end")
    where = kind if kind != "heading" or not p.level else f"heading (level {p.level})"
    if p.line_start:
        end = p.line_end or p.line_start
        where += f", line {p.line_start}" if end == p.line_start else f", lines {p.line_start}-{end}"
        where += f" of {original}"
    for n, (unit, english) in enumerate(pieces, start=1):
        tu = _sub(group, "trans-unit", id=f"p{p.index}-{n}" if len(pieces) > 1 else f"p{p.index}")
        tu.set(XML_SPACE, "preserve")
        if kind == FURNITURE:
            tu.set("translate", "no")
        _sub(tu, "source", trim(clean(unit.source)))
        target = trim(clean(english or ""))
        done = p.origin in ("tm", "human") or FLAG_FROM_TM in unit.flags
        if target:
            el = _sub(tu, "target", target, state=STATE_DONE if done else STATE_MT)
            el.set("state-qualifier", ("exact-match" if p.origin != "human" else "leveraged-inherited")
                   if done else "mt-suggestion")
        _sub(tu, "note", clean(where), annotates="source", **{"from": TOOL})
        for check in unit.terms:
            term = check.hit.term
            text = f"glossary: {term.zh} = {term.en} (official rendering"
            text += f"; source: {term.source})" if term.source else ")"
            if not check.realised:
                text += " - NOT found in the English"
            _sub(tu, "note", clean(text), annotates="general", priority="2", **{"from": TOOL})
        flags = [f for f in unit.flags if f != FLAG_FROM_TM]
        if flags:
            _sub(tu, "note", "flags: " + ", ".join(flags), annotates="target", priority="1", **{"from": TOOL})
        if target and not done:
            # The machine translation as proposed, so a post-edit is recognisable even from a tool that
            # changes the <target> but not its state (OmegaT 3.6 keeps the attributes as they were).
            alt = _sub(tu, "alt-trans", origin=MT_ORIGIN, alttranstype="proposal")
            _sub(alt, "target", target)
