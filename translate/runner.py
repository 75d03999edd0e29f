"""`bitext translate` as a library call: files in, output sets out, a summary back.

Documents are streamed one at a time (memory stays flat on archive-size folders); each finished
segment is in the cache before the next batch starts, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from translate.backends.base import GenerationOptions
from translate.document import BlockKind, Document
from translate.errors import BitextError, InputError
from translate.pipeline import TranslateOptions, translate_document


@dataclass(frozen=True)
class RunOptions:
    out_dir: Path = Path("outputs")
    formats: tuple[str, ...] = ("tmx", "html", "txt")
    model: str = "Helsinki-NLP/opus-mt-zh-en"
    backend: str = "transformers"
    device: str = "auto"
    threads: int | None = None
    workers: int | None = None
    generation: GenerationOptions = GenerationOptions()
    translate: TranslateOptions = TranslateOptions()
    glossary_files: tuple[str, ...] = ()
    builtin_glossary: bool = True
    tm_files: tuple[str, ...] = ()
    use_cache: bool = True
    tmx_level: str = "sentence"
    src_lang_tag: str = "zh-CN"
    tgt_lang_tag: str = "en-US"


@dataclass
class FileResult:
    input: str
    status: str  # "done", "failed", "empty"
    message: str = ""
    outputs: list[str] = field(default_factory=list)
    paragraphs: int = 0
    segments: int = 0
    chunked: int = 0
    terms: int = 0
    terms_flagged: int = 0
    from_tm: int = 0
    notes: tuple[str, ...] = ()


@dataclass
class RunSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    cached: int = 0
    translated: int = 0
    source_tokens: int = 0
    invalid_chars_removed: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "done"]


def make_backend(options: RunOptions):
    """Resolve the model and build the chosen backend (raises ModelUnavailable with the fix)."""
    from translate.backends import create_backend

    return create_backend(options.backend, options.model, options.generation, device=options.device,
                          threads=options.threads, workers=options.workers)


def _read(path: str, options: RunOptions) -> Document:
    from translate.ingest import read_document

    if path == "-":
        return read_document(data=sys.stdin.buffer.read())
    return read_document(path)


def run_translate(inputs: list[str], options: RunOptions, *, backend=None,
                  on_document: Callable[[str, Document], None] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> RunSummary:
    from align.writers import WriterOptions, parse_formats, write_outputs
    from glossary.store import load_glossary
    from translate.cache import SegmentCache
    from translate.engine import Engine
    from translate.inputs import expand_inputs
    from translate.tm import load_tm

    started = time.perf_counter()
    formats = parse_formats(list(options.formats))
    paths = expand_inputs(inputs)
    glossary = None
    if options.translate.glossary_mode != "off":
        glossary = load_glossary(options.glossary_files, builtin=options.builtin_glossary)
    tm = load_tm(options.tm_files) if options.tm_files else None
    backend = backend or make_backend(options)
    cache = SegmentCache() if options.use_cache else None
    engine = Engine(backend, cache=cache, batch_size=options.generation.batch_size,
                    namespace=options.generation.cache_key(), progress=progress)
    writer_options = WriterOptions(tmx_level=options.tmx_level, src_lang=options.src_lang_tag,
                                   tgt_lang=options.tgt_lang_tag)
    summary = RunSummary()
    meta = {"model": options.model, "backend": backend.name, "origin": f"MT ({options.model})"}
    try:
        for path in paths:
            try:
                document = _read(path, options)
            except InputError as exc:
                summary.files.append(FileResult(path, "failed", str(exc)))
                continue
            if on_document:
                on_document(path, document)
            wanted = [b for b in document.blocks if b.kind is not BlockKind.FURNITURE or options.translate.keep_furniture]
            if not wanted:
                why = ("only page furniture (date lines, editor credits); --keep-furniture translates it"
                       if document.blocks else "the file is empty or holds only whitespace")
                summary.files.append(FileResult(path, "empty", f"{document.source_label}: nothing to translate: {why}",
                                                notes=document.notes))
                continue
            aligned = translate_document(document, engine, glossary, options.translate, tm=tm, meta=meta)
            written = write_outputs(aligned, options.out_dir, formats, writer_options)
            summary.files.append(_file_result(path, aligned, written, document))
    finally:
        summary.seconds = time.perf_counter() - started
        summary.cached, summary.translated = engine.stats.cached, engine.stats.translated
        summary.source_tokens = engine.stats.source_tokens
        summary.invalid_chars_removed = writer_options.report.invalid_chars_removed
        if cache is not None:
            cache.close()
    return summary


def _file_result(path: str, aligned, written, document: Document) -> FileResult:
    from align.segments import FLAG_CHUNKED, FLAG_FROM_TM

    translated = [p for p in aligned.paragraphs if p.target is not None]
    checks = [c for p in translated for c in p.terms]
    return FileResult(
        input=path, status="done", outputs=[str(w) for w in written], paragraphs=len(translated),
        segments=sum(len(p.beads) for p in translated),
        chunked=sum(FLAG_CHUNKED in b.flags for p in translated for b in p.beads),
        terms=len(checks), terms_flagged=sum(not c.realised for c in checks),
        from_tm=sum(FLAG_FROM_TM in b.flags for p in translated for b in p.beads), notes=document.notes,
    )


def check_inputs_exist(inputs: list[str]) -> None:
    if not inputs:
        raise BitextError("no input given: name files or folders, or '-' for stdin")
