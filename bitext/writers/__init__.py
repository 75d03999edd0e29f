"""Output writers behind one interface; they read an AlignedDocument and nothing else.

Each writer is a module with ``SUFFIX`` and ``write(doc, out_dir, options) -> Written`` (and ``paths(doc,
out_dir, options)`` when it writes anything but ``<stem><SUFFIX>``); this registry maps format names to
modules and imports a module only when its format is asked for. Every file goes through
``write_outputs``, which refuses to replace a file bitext did not write (see manifest.py).
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from bitext.core.aligned import AlignedDocument
from bitext.core.choices import OUTPUT_FORMATS, STREAM_FORMATS
from bitext.core.errors import BitextError
from bitext.writers.atomic import before_replace
from bitext.writers.manifest import Manifest, Provenance
from bitext.writers.naming import output_stem
from bitext.writers.options import TMX_LEVELS, Written, WriterOptions

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "STREAM_FORMATS",
    "TMX_LEVELS",
    "Written",
    "WriterOptions",
    "Manifest",
    "Provenance",
    "get_writer",
    "output_paths",
    "parse_formats",
    "stream_format",
    "write_outputs",
    "write_stream",
]

# Each format is the module of its name ("beads": MAC/Bertalign gold-file format, for evaluating alignments).
_MODULES = {name: f"bitext.writers.{name}" for name in OUTPUT_FORMATS}
FORMATS: tuple[str, ...] = OUTPUT_FORMATS
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


def output_paths(doc: AlignedDocument | str, out_dir: str | Path, formats: Iterable[str],
                 options: WriterOptions | None = None) -> list[Path]:
    """Every file ``write_outputs`` writes for ``doc`` (or for a document of that name), in order."""
    if isinstance(doc, str):
        doc = AlignedDocument(name=doc, paragraphs=[])
    options = options or WriterOptions()
    paths: list[Path] = []
    for writer in (get_writer(n) for n in parse_formats(list(formats))):
        if hasattr(writer, "paths"):
            paths += writer.paths(doc, Path(out_dir), options)
        else:
            paths.append(Path(out_dir) / f"{output_stem(doc)}{writer.SUFFIX}")
    return paths


def write_outputs(
    doc: AlignedDocument,
    out_dir: str | Path,
    formats: Iterable[str],
    options: WriterOptions | None = None,
    *,
    overwrite: bool = False,
    manifest: Manifest | None = None,
    provenance: Provenance | None = None,
) -> Written:
    """Write ``doc`` in every format under ``out_dir``: the files written and the characters removed.

    Raises OutputRefused, before writing anything, when one of the files exists and bitext did not
    write it (or it changed since): ``overwrite`` replaces such files. Every file written is recorded
    in ``out_dir``'s manifest (pass ``manifest`` to read it once for many documents), with the
    ``provenance`` that lets a rerun skip the document (see :meth:`Manifest.complete`).
    """
    options = options or WriterOptions()
    if options.created is None:
        # One timestamp for every file of the document, so TMX and HTML agree.
        options = dataclasses.replace(options, created=options.created_utc())
    names = parse_formats(list(formats))
    writers = [get_writer(n) for n in names]  # fail on a bad name before writing anything
    out_dir = Path(out_dir)
    manifest = manifest or Manifest(out_dir)
    manifest.check(output_paths(doc, out_dir, names, options), overwrite=overwrite)
    written = Written()
    with before_replace(lambda path, data: manifest.record(path, data, doc.source_path, provenance)):
        for writer in writers:
            written = written + writer.write(doc, out_dir, options)
    return written


def stream_format(spec: str | Iterable[str]) -> str:
    """The one format written when the output is a stream (``-o -``): txt or jsonl, exactly one."""
    names = parse_formats(spec)
    if len(names) != 1 or names[0] not in STREAM_FORMATS:
        raise BitextError(f"-o - writes one format to stdout: {' or '.join(STREAM_FORMATS)} "
                          f"(-f {STREAM_FORMATS[0]}), not {','.join(names)}")
    return names[0]


def write_stream(doc: AlignedDocument, stream: BinaryIO, name: str, options: WriterOptions | None = None) -> Written:
    """Write ``doc`` in the stream format ``name`` to ``stream`` as UTF-8, as its file would hold it."""
    from bitext.writers.clean import CharCounter

    name = stream_format([name])
    options = options or WriterOptions()
    clean = CharCounter()
    stream.write(get_writer(name).render(doc, options, clean).encode("utf-8"))
    stream.flush()
    return Written([], clean.removed)
