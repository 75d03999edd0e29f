"""TBX-Basic glossaries (ISO 30042).

Import reads both dialects in use: TBX v2 ``martif``/``termEntry``/``langSet``/``tig`` (what OmegaT,
Weblate and the Translate Toolkit exchange) and TBX v3 ``tbx``/``conceptEntry``/``langSec``/``termSec``.
Export writes TBX-Basic v2, which more CAT tools import.

Mapping: one entry per Chinese term of a concept; the English term marked ``preferredTerm`` (else the
first) is ``en``; English terms marked ``deprecatedTerm`` or ``supersededTerm`` are the avoid-list
(export writes them as ``deprecatedTerm``); other English terms are variants. A dated variant's
``tig`` carries the edition that used it as ``admin type="source"`` and the year as
``<note>year: YYYY</note>`` (TBX-Basic has no data category for an attestation year). At entry level
``subjectField`` ↔ category, ``note`` ↔ note, ``admin type="source"`` ↔ source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from bitext.core.terms import Term, Variant
from bitext.core.errors import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ROOTS = frozenset({"martif", "tbx"})
_ENTRY = frozenset({"termEntry", "conceptEntry"})
_LANG = {"langSet", "langSec"}
_TERM_GROUP = {"tig", "ntig", "termSec"}
_REJECTED = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "superseded"}
_YEAR_NOTE = re.compile(r"year:\s*(\d+)", re.IGNORECASE)


def _local(el) -> str:
    from bitext.core.safe_xml import local_name

    return local_name(el)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _children(el, names: set[str]):
    return [c for c in el if _local(c) in names]


def _first_desc(el, name: str, attr_type: str | None = None) -> str:
    for d in el.iter():
        if _local(d) == name and (attr_type is None or d.get("type") == attr_type):
            return _text(d)
    return ""


def parse(path: Path) -> list[Term]:
    from bitext.core.safe_xml import iter_units

    name = str(path)
    # Streamed entry by entry with bitext's XML limits: no entity expansion, no network, bounded memory.
    terms: list[Term] = []
    for entry in iter_units(path, _ENTRY, kind="TBX", roots=_ROOTS):
        terms.extend(_entry_terms(entry, name))
    return terms


def _entry_terms(entry, name: str) -> list[Term]:
    zh: list[tuple[str, int]] = []
    en: list[tuple[Variant, bool]] = []  # (term with its year and source, preferred)
    avoid: list[str] = []
    for lang_el in _children(entry, _LANG):
        lang = (lang_el.get(XML_LANG) or lang_el.get("lang") or "").lower()
        if not lang:
            raise FormatError(f"<{_local(lang_el)}> without xml:lang", path=name, line=lang_el.sourceline)
        for group in _children(lang_el, _TERM_GROUP):
            term_el = next((t for t in group.iter() if _local(t) == "term"), None)
            if term_el is None:
                raise FormatError(f"<{_local(group)}> without <term>", path=name, line=group.sourceline)
            status = _first_desc(group, "termNote", "administrativeStatus")
            if lang.startswith("zh"):
                zh.append((_text(term_el), term_el.sourceline or entry.sourceline))
            elif lang.startswith("en") and status in _REJECTED:
                avoid.append(_text(term_el))
            elif lang.startswith("en"):
                en.append((_attested(group, _text(term_el)), status.startswith("preferredTerm")))
    preferred = next((t.text for t, p in en if p), en[0][0].text if en else "")
    variants = tuple(t for t, _ in en if t.text != preferred)
    category = _first_desc(entry, "descrip", "subjectField") or "other"
    note = next((_text(n) for n in _children(entry, {"note"})), "")
    source = next((_text(a) for a in _children(entry, {"admin"}) if a.get("type") == "source"), "")
    if not zh:
        zh = [("", entry.sourceline)]  # reported by the loader as an empty zh field at this line
    return [Term(zh=z, en=preferred, variants=variants, avoid=tuple(avoid), category=category, note=note,
                 source=source, origin=name, line=line) for z, line in zh]


def _attested(group, text: str) -> Variant:
    source = next((_text(a) for a in _children(group, {"admin"}) if a.get("type") == "source"), "")
    years = [m.group(1) for n in _children(group, {"note"}) if (m := _YEAR_NOTE.fullmatch(_text(n)))]
    return Variant(text, int(years[0]) if years else None, source)


def write(terms: list[Term], stream: TextIO) -> None:
    from lxml import etree

    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en-US"})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "bitext glossary export"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, start=1):
        entry = etree.SubElement(body, "termEntry", id=f"c{number}")
        etree.SubElement(entry, "descrip", type="subjectField").text = term.category
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        if term.source:
            etree.SubElement(entry, "admin", type="source").text = term.source
        zh = etree.SubElement(entry, "langSet", {XML_LANG: "zh-CN"})
        etree.SubElement(etree.SubElement(zh, "tig"), "term").text = term.zh
        en = etree.SubElement(entry, "langSet", {XML_LANG: "en-US"})
        english = ([(Variant(term.en), "preferredTerm-admn-sts")]
                   + [(v, "admittedTerm-admn-sts") for v in term.variants]
                   + [(Variant(a), "deprecatedTerm-admn-sts") for a in term.avoid])
        for rendering, status in english:
            tig = etree.SubElement(en, "tig")
            etree.SubElement(tig, "term").text = rendering.text
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
            if rendering.source:
                etree.SubElement(tig, "admin", type="source").text = rendering.source
            if rendering.year is not None:
                etree.SubElement(tig, "note").text = f"year: {rendering.year}"
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(etree.tostring(root, encoding="unicode", pretty_print=True))
