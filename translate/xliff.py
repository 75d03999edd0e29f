"""Reading XLIFF 1.2 back: bitext's own post-edit files after a translator worked on them in a CAT tool.

Units are the ``<trans-unit>``s in document order (any namespace or none, as tools write them),
``translate="no"`` ones left out. The text of ``<source>`` and ``<target>`` is read without inline
codes (``<x>``, ``<bx>``, ``<ph>`` …); ``<mrk>``/``<g>`` keep their text. Segmented ``<seg-source>``
is not needed: the whole source is one unit.

For a translation memory only reviewed units count. A target counts when it was approved
(``approved="yes"``), when it differs from the machine translation bitext recorded in the unit's
``<alt-trans origin="bitext-mt">`` (someone edited it; OmegaT 3.6 edits targets without touching their
``state``), or when its ``state`` is not ``new`` or ``needs-…``. So bitext's untouched machine
translation (``needs-review-translation``, equal to its proposal) is never passed off as a memory.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

from bitext.core.errors import FormatError, InputError
from bitext.translate.tm_units import TMFileStats, TMUnit, normalize_space
from bitext.writers.xliff import MT_ORIGIN

XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlf.gz", ".xliff.gz")
_CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"})
_UNREVIEWED = re.compile(r"^(new|needs-.*)$")


def is_xliff(path: str | Path) -> bool:
    return str(path).lower().endswith(XLIFF_SUFFIXES)


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if _local(child) not in _CODES and _local(child):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def iter_xliff(path: str | Path, stats: TMFileStats | None = None, *, reviewed_only: bool = False,
               keep_empty: bool = False) -> Iterator[TMUnit]:
    """Stream the (source, target) units of an XLIFF file in document order.

    ``reviewed_only`` leaves out targets still waiting for review (for a translation memory);
    ``keep_empty`` yields units without a target too, with target "" (for line-parallel reading).
    """
    from lxml import etree

    name = str(path)
    stats = stats if stats is not None else TMFileStats(name)
    try:
        fh = gzip.open(path, "rb") if name.lower().endswith(".gz") else open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read XLIFF: {exc.strerror or exc}", path=name) from exc
    with fh:
        # Data only: no DTD, no network, no entity expansion.
        events = etree.iterparse(fh, events=("start", "end"), load_dtd=False, no_network=True,
                                 resolve_entities=False, huge_tree=True, remove_comments=True, remove_pis=True)
        skip = 0  # depth inside translate="no" groups
        try:
            for event, el in events:
                local = _local(el)
                if local == "file" and event == "start":
                    stats.srclang = el.get("source-language", stats.srclang)
                    stats.languages.update(v for v in (el.get("source-language"), el.get("target-language")) if v)
                if local == "group":
                    if el.get("translate") == "no":
                        skip += 1 if event == "start" else -1
                    continue
                if local != "trans-unit" or event != "end":
                    continue
                unit = None
                if not skip and el.get("translate") != "no":
                    unit = _unit(el, name, stats, reviewed_only, keep_empty)
                el.clear(keep_tail=False)
                if unit is not None:
                    yield unit
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or (exc.position[0] if exc.position else None)
            msg = re.sub(r", line \d+, column \d+$", "", getattr(exc, "msg", None) or str(exc))
            raise FormatError(f"malformed XLIFF: {msg}", path=name, line=line) from exc
        except gzip.BadGzipFile as exc:
            raise FormatError(f"not a gzip file: {exc}", path=name) from exc


def _unit(tu, path: str, stats: TMFileStats, reviewed_only: bool, keep_empty: bool) -> TMUnit | None:
    stats.units += 1
    source_el = next((c for c in tu if _local(c) == "source"), None)
    target_el = next((c for c in tu if _local(c) == "target"), None)
    source = normalize_space(_text(source_el)) if source_el is not None else ""
    target = normalize_space(_text(target_el)) if target_el is not None else ""
    line = tu.sourceline or 0
    if reviewed_only and target_el is not None and not _reviewed(tu, target_el, target):
        stats.no_pair += 1
        return TMUnit(source, "", path, line) if keep_empty else None
    if not source or not target:
        stats.empty += 1
        return TMUnit(source, target, path, line) if keep_empty else None
    stats.used += 1
    return TMUnit(source, target, path, line)


def _reviewed(tu, target_el, target: str) -> bool:
    if tu.get("approved") == "yes":
        return True
    for alt in tu:
        if _local(alt) == "alt-trans" and alt.get("origin") == MT_ORIGIN:
            proposal = next((c for c in alt if _local(c) == "target"), None)
            if proposal is not None and normalize_space(_text(proposal)) != target:
                return True  # edited, whatever the state still says
    return not _UNREVIEWED.match(target_el.get("state", "") or "")
