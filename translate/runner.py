"""`bitext translate` as a library call: files in, output sets out, a summary back.

Documents are streamed one at a time (memory stays flat on archive-size folders); each finished
segment is in the cache before the next batch starts, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bitext.translate.backends.base import GenerationOptions
from bitext.translate.backends.model_source import DEFAULT_MODEL, public_name
from bitext.core.document import BlockKind, Document
from bitext.core.errors import BitextError, InputError
from bitext.translate.pipeline import TranslateOptions, translate_document


STDOUT = "-"  # as out_dir: the English goes to standard output, in one stream format


@dataclass(frozen=True)
class RunOptions:
    out_dir: Path | str = Path("outputs")
    formats: tuple[str, ...] = ("tmx", "html", "txt")
    model: str = DEFAULT_MODEL
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
    segments: int = 0  # translation units of the document (sentences, or paragraphs with --unit paragraph)
    model_calls: int = 0  # pieces the model translated for it, glossary retries included
    cache_hits: int = 0  # pieces the segment cache answered
    chunked: int = 0
    terms: int = 0
    terms_flagged: int = 0
    from_tm: int = 0
    notes: tuple[str, ...] = ()


@dataclass
class RunSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    model_calls: int = 0
    cache_hits: int = 0
    source_tokens: int = 0
    invalid_chars_removed: int = 0

    @property
    def segments(self) -> int:
        return sum(f.segments for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "done"]


def make_backend(options: RunOptions):
    """Resolve the model and build the chosen backend (raises ModelUnavailable with the fix)."""
    from bitext.translate.backends import create_backend

    return create_backend(options.backend, options.model, options.generation, device=options.device,
                          threads=options.threads, workers=options.workers)


def _read(path: str, options: RunOptions) -> Document:
    from bitext.translate.ingest import read_document

    if path == "-":
        return read_document(data=sys.stdin.buffer.read())
    return read_document(path)


def translate_files(inputs: list[str], options: RunOptions, *, backend=None,
                  on_document: Callable[[str, Document], None] | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  on_file: Callable[[FileResult], None] | None = None,
                  created: datetime | None = None) -> RunSummary:
    """Translate every input and write its output set; ``created`` stamps TMX/HTML (default: now).

    ``on_document`` hears of each document when it is read, ``on_file`` of its result when it is done.
    """
    from bitext.glossary.store import load_glossary
    from bitext.translate.engine import build_engine
    from bitext.translate.inputs import expand_inputs
    from bitext.translate.tm import load_tm
    from bitext.writers import WriterOptions, parse_formats, stream_format, write_outputs, write_stream

    started = time.perf_counter()
    created = created or datetime.now(timezone.utc)
    formats = parse_formats(list(options.formats))
    to_stdout = str(options.out_dir) == STDOUT
    if to_stdout:
        stream_format(formats)
    paths = expand_inputs(inputs)
    glossary = None
    if options.translate.glossary_mode != "off":
        glossary = load_glossary(options.glossary_files, builtin=options.builtin_glossary)
    tm = load_tm(options.tm_files) if options.tm_files else None
    backend = backend or make_backend(options)
    engine = build_engine(backend, options.generation, cache=options.use_cache, progress=progress)
    writer_options = WriterOptions(tmx_level=options.tmx_level, src_lang=options.src_lang_tag,
                                   tgt_lang=options.tgt_lang_tag, created=created)
    summary = RunSummary()
    meta = {"model": (model := public_name(options.model)), "backend": backend.name, "origin": f"MT ({model})"}

    def finish(result: FileResult) -> None:
        summary.files.append(result)
        if on_file:
            on_file(result)

    try:
        for path in paths:
            try:
                document = _read(path, options)
            except InputError as exc:
                finish(FileResult(path, "failed", str(exc)))
                continue
            if on_document:
                on_document(path, document)
            wanted = [b for b in document.blocks
                      if b.kind is not BlockKind.FURNITURE or options.translate.translates_furniture]
            if not wanted:
                why = ("only page furniture (date lines, editor credits); --keep-furniture translates it"
                       if document.blocks else "the file is empty or holds only whitespace")
                finish(FileResult(path, "empty", f"{document.source_label}: nothing to translate: {why}",
                                  notes=document.notes))
                continue
            calls_before, hits_before = engine.stats.model_calls, engine.stats.cache_hits
            try:
                aligned = translate_document(document, engine, glossary, options.translate, tm=tm, meta=meta)
            except BitextError:
                raise  # the run's own errors (cache, model, output) carry their exit code
            except Exception as exc:  # noqa: BLE001 - whatever the model raised on this document's text
                finish(FileResult(path, "failed", translation_failed(document, exc), notes=document.notes))
                continue
            if to_stdout:
                sys.stdout.flush()
                written = write_stream(aligned, sys.stdout.buffer, formats[0], writer_options)
            else:
                written = write_outputs(aligned, options.out_dir, formats, writer_options)
            summary.invalid_chars_removed += written.invalid_chars_removed
            result = _file_result(path, aligned, [STDOUT] if to_stdout else written.files, document)
            result.model_calls = engine.stats.model_calls - calls_before
            result.cache_hits = engine.stats.cache_hits - hits_before
            finish(result)
    finally:
        summary.seconds = time.perf_counter() - started
        summary.model_calls, summary.cache_hits = engine.stats.model_calls, engine.stats.cache_hits
        summary.source_tokens = engine.stats.source_tokens
        engine.close()
    return summary


def translation_failed(document: Document, exc: Exception) -> str:
    """One line for a document the model failed on; the batch goes on without it."""
    reason = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{document.source_label}: translation failed ({type(exc).__name__}: {reason}); the other files go on"


def _file_result(path: str, aligned, written, document: Document) -> FileResult:
    from bitext.core.flags import FLAG_CHUNKED, FLAG_FROM_TM

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
