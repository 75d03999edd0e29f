"""Fold translation memories (reviewers' ``<name>.review.tmx`` exports above all) into one project TMX.

One unit per Chinese source, compared as ``--tm`` compares them (by match key). Which unit wins is
decided by :class:`~bitext.translate.tm.TranslationMemory` itself, so the merged file gives exactly
what ``--tm A --tm B …`` would: the more recently changed unit, and on equal or missing dates the one
from the later file. Winning ``<tu>``s are copied whole (the reviewer's ``<note>``, props such as
``x-origin`` = review, every language variant), so nothing a reviewer wrote is lost on the way.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bitext.core.errors import BitextError
from bitext.translate.tm import TMFileStats, TranslationMemory, check_usable, iter_tu, match_key


@dataclass
class MergeSummary:
    output: Path
    files: list[TMFileStats] = field(default_factory=list)
    units: int = 0  # units written
    replaced: int = 0  # units a later file's (or a newer) unit for the same source replaced
    skipped: int = 0  # units without a usable Chinese–English pair


def merge_tm_files(paths: Sequence[str | Path], output: str | Path, *, created: datetime | None = None,
                   overwrite: bool = False) -> MergeSummary:
    """Merge the TMX files ``paths`` (earliest first) into ``output``; returns what was done.

    Raises BitextError before reading anything when ``output`` is one of the inputs, or exists and
    ``overwrite`` is False; FormatError / InputError (with file and line) for a file that cannot be
    read or holds no Chinese–English unit; OutputError when ``output`` cannot be written.
    """
    from lxml import etree

    from bitext.core.version import __version__
    from bitext.writers.atomic import write_bytes
    from bitext.writers.tmx import DOCTYPE, TOOL

    if not paths:
        raise BitextError("give at least one TMX file to merge")
    output = Path(output)
    for path in paths:
        if _same_file(path, output):
            raise BitextError("the merged TMX would replace one of its inputs; write it to a new file",
                              path=str(output))
    if output.exists() and not overwrite:
        raise BitextError("exists; pass --overwrite to replace it", path=str(output))

    tm = TranslationMemory()
    kept: dict[str, etree._Element] = {}
    summary = MergeSummary(output)
    srclang = ""
    for path in paths:
        stats = TMFileStats(str(path))
        for unit, tu in iter_tu(path, stats):
            if unit is None:
                summary.skipped += 1
                continue
            before = len(tm)
            tm.add(unit)
            if tm.exact_unit(unit.source) is not unit:
                summary.replaced += 1  # an earlier unit is newer: this one loses
                continue
            if len(tm) == before:
                summary.replaced += 1
            unit_copy = copy.deepcopy(tu)
            if stats.srclang and not unit_copy.get("srclang"):
                unit_copy.set("srclang", stats.srclang)  # the header that said it is not copied
            kept[match_key(unit.source)] = unit_copy
        check_usable(stats)
        srclang = srclang or stats.srclang
        summary.files.append(stats)

    when = (created or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header")
    for name, value in (
        ("creationtool", TOOL),
        ("creationtoolversion", __version__),
        ("segtype", "sentence"),
        ("o-tmf", TOOL),
        ("adminlang", "en-US"),
        ("srclang", srclang or "zh-CN"),
        ("datatype", "plaintext"),
        ("creationdate", when),
    ):
        header.set(name, value)
    for path in paths:
        prop = etree.SubElement(header, "prop", type="x-merged-from")
        prop.text = Path(path).name
        prop.tail = "\n    "
    root.text = "\n  "
    header.text = "\n    "
    header[-1].tail = "\n  "
    header.tail = "\n  "
    body = etree.SubElement(root, "body")
    body.text = "\n    "
    body.tail = "\n"
    tuids: set[str] = set()
    for tu in kept.values():
        tuid = tu.get("tuid")
        if tuid:
            # tuids are unique within a file; two documents' exports can both hold a "p2-z0-e0".
            unique, n = tuid, 1
            while unique in tuids:
                n += 1
                unique = f"{tuid}-{n}"
            tuids.add(unique)
            tu.set("tuid", unique)
        # Layout between units only: text inside a <seg> (even blanks between inline codes) is content.
        tu.tail = "\n    "
        body.append(tu)
    if len(body):
        body[-1].tail = "\n  "
    else:
        body.text = None
    summary.units = len(kept)
    data = etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE)
    write_bytes(output, data)
    return summary


def _same_file(a: str | Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == b.resolve()
