"""Output writers behind one interface.

Each writer is a module with ``SUFFIX`` and ``write(doc, out_dir, options) -> list[Path]``; this
registry maps format names to modules and imports a module only when its format is asked for.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from align.segments import AlignedDocument
from align.writers.options import TMX_LEVELS, WriteReport, WriterOptions
from translate.errors import BitextError

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "TMX_LEVELS",
    "WriteReport",
    "WriterOptions",
    "get_writer",
    "parse_formats",
    "write_outputs",
]

_MODULES = {
    "tmx": "align.writers.tmx",
    "html": "align.writers.html",
    "txt": "align.writers.txt",
    "tsv": "align.writers.tsv",
    "jsonl": "align.writers.jsonl",
    "moses": "align.writers.moses",
    "beads": "align.writers.beads",  # bead file for `bitext align --beads`; lives in its own module
}
# beads.py is written separately; register it only when it is there.
_HAVE_BEADS = (Path(__file__).with_name("beads.py")).is_file()

FORMATS: tuple[str, ...] = tuple(name for name in _MODULES if name != "beads" or _HAVE_BEADS)
DEFAULT_FORMATS: tuple[str, ...] = ("tmx", "html", "txt")


def get_writer(name: str) -> ModuleType:
    if name not in FORMATS:
        raise BitextError(f"unknown output format {name!r}; valid formats: {', '.join(FORMATS)}")
    return importlib.import_module(_MODULES[name])


def parse_formats(spec: str | Iterable[str]) -> list[str]:
    """``"tmx,html"`` → ``["tmx", "html"]``: validated, lower-cased, duplicates dropped."""
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    names = list(dict.fromkeys(p.strip().lower() for p in parts if p.strip()))
    if not names:
        raise BitextError(f"no output format given; valid formats: {', '.join(FORMATS)}")
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise BitextError(
            f"unknown output format{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u) for u in unknown)}; valid formats: {', '.join(FORMATS)}"
        )
    return names


def write_outputs(
    doc: AlignedDocument,
    out_dir: str | Path,
    formats: Iterable[str],
    options: WriterOptions | None = None,
) -> list[Path]:
    """Write ``doc`` in every format under ``out_dir``; returns the files written.

    Counts for the run summary (invalid characters removed, skipped beads, files) accumulate in
    ``options.report``; reuse one options object for all documents of a run to get run totals.
    """
    options = options or WriterOptions()
    if options.created is None:
        # One timestamp for every file of the run, so TMX and HTML agree; the copy shares `report`.
        options = dataclasses.replace(options, created=options.created_utc())
    names = parse_formats(list(formats))
    writers = [get_writer(n) for n in names]  # fail on a bad name before writing anything
    written: list[Path] = []
    try:
        for writer in writers:
            written.extend(writer.write(doc, Path(out_dir), options))
    finally:
        options.report.files.extend(written)
        options.report.end_document()
    return written
