"""`bitext translate` as a library call: files in, output sets out, a summary back.

Documents are streamed one at a time (memory stays flat on archive-size folders); each finished
segment is in the cache before the next batch starts, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from bitext.translate.backends.base import GenerationOptions
from bitext.translate.backends.model_source import DEFAULT_MODEL, public_name
from bitext.core.document import BlockKind, Document
from bitext.core.errors import BitextError, InputError, OutputRefused
from bitext.translate.inputs import InputFile
from bitext.translate.pipeline import TranslateOptions, translate_document
from bitext.writers.manifest import Provenance

if TYPE_CHECKING:
    from bitext.glossary.store import Glossary
    from bitext.translate.engine import Engine
    from bitext.translate.tm import TranslationMemory
    from bitext.writers import Manifest, WriterOptions


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
    # Replace existing output files even when bitext did not write them or they changed since it did.
    overwrite: bool = False


@dataclass
class FileResult:
    input: str
    status: str  # "done", "skipped" (its outputs were complete), "failed", "empty"
    message: str = ""
    document: str = ""  # the document's name, which its output files mirror
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
    invalid_chars_removed: int = 0
    source_tokens: int = 0  # tokens of what the model translated for it
    seconds: float = 0.0  # from reading it to its last output written


@dataclass
class RunSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    model_calls: int = 0
    cache_hits: int = 0
    source_tokens: int = 0
    exit_code: int | None = None  # set by the command line when the run ends
    error: str = ""  # why the run stopped early ("" when it did not)
    invalid_chars_removed: int = 0

    @property
    def segments(self) -> int:
        return sum(f.segments for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status not in ("done", "skipped")]

    @property
    def skipped(self) -> int:
        return sum(f.status == "skipped" for f in self.files)

    def add(self, result: FileResult) -> None:
        self.files.append(result)
        self.invalid_chars_removed += result.invalid_chars_removed


def make_backend(options: RunOptions):
    """Resolve the model and build the chosen backend (raises ModelUnavailable with the fix)."""
    from bitext.translate.backends import create_backend

    return create_backend(options.backend, options.model, options.generation, device=options.device,
                          threads=options.threads, workers=options.workers)


def _read_bytes(f: InputFile) -> bytes:
    from bitext.translate.inputs import STDIN

    if f.path == STDIN:
        return sys.stdin.buffer.read()
    try:
        with open(f.path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=f.path) from exc


def _read(f: InputFile, data: bytes) -> Document:
    from bitext.translate.ingest import read_document
    from bitext.translate.inputs import STDIN

    if f.path == STDIN:
        return read_document(data=data, name=f.name)
    # Read again by path (a file's decoding and labels come from there); ``data`` named its provenance.
    return read_document(f.path, name=f.name)


def translate_files(inputs: list[str | InputFile], options: RunOptions, *, backend=None,
                    on_document: Callable[[str, Document], None] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    on_file: Callable[[FileResult], None] | None = None,
                    created: datetime | None = None, summary: RunSummary | None = None) -> RunSummary:
    """Translate every input and write its output set; ``created`` stamps TMX/HTML (default: now).

    ``inputs`` are paths (files, folders, '-') or already expanded InputFiles. Refuses before any work
    (BitextError, exit 2) when two inputs would write one output file, or an output would replace an
    input. Per-document problems become failed rows and the batch goes on; a document whose outputs
    are complete (see :meth:`bitext.writers.Manifest.complete`) is skipped. Pass ``summary`` to keep
    what was done when the run stops early (an error, Ctrl-C). ``on_document`` hears of each document
    when it is read, ``on_file`` of its result when it is done.
    """
    started = time.perf_counter()
    summary = summary if summary is not None else RunSummary()
    context = None
    try:
        plan = plan_run(inputs, options, created)
        context = open_context(options, plan.formats, plan.writer_options, backend=backend, progress=progress)
        for f in plan.files:
            result = run_document(f, plan.outputs.get(f, []), context, on_document)
            summary.add(result)
            if on_file:
                on_file(result)
    finally:
        summary.seconds = time.perf_counter() - started
        if context is not None:
            summary.model_calls, summary.cache_hits = context.engine.stats.model_calls, context.engine.stats.cache_hits
            summary.source_tokens = context.engine.stats.source_tokens
            context.close()
    return summary


@dataclass
class RunPlan:
    """What the driver decides before any model loads: the documents and the files each one writes."""

    files: list[InputFile]
    outputs: dict[InputFile, list[Path]]  # empty when the English goes to stdout
    formats: list[str]
    writer_options: WriterOptions


def plan_run(inputs: list[str | InputFile], options: RunOptions, created: datetime | None = None) -> RunPlan:
    """Expand the inputs and plan every output; BitextError (exit 2) for clashes, before any work."""
    from bitext.translate.inputs import expand_inputs, plan_outputs
    from bitext.writers import WriterOptions, parse_formats, stream_format
    from bitext.writers.atomic import remove_stale_temporaries

    formats = parse_formats(list(options.formats))
    to_stdout = str(options.out_dir) == STDOUT
    if to_stdout:
        stream_format(formats)
    writer_options = WriterOptions(tmx_level=options.tmx_level, src_lang=options.src_lang_tag,
                                   tgt_lang=options.tgt_lang_tag, created=created or datetime.now(timezone.utc))
    files = expand_inputs(inputs, out_dir=None if to_stdout else options.out_dir)
    outputs = {}
    if not to_stdout:
        outputs = plan_outputs(files, options.out_dir, formats, writer_options)
        # Left by a process killed with SIGKILL, in the folders this run writes to (the manifest's too).
        for folder in sorted({Path(options.out_dir)} | {p.parent for paths in outputs.values() for p in paths}):
            remove_stale_temporaries(folder)
    return RunPlan(files, outputs, formats, writer_options)


@dataclass
class RunContext:
    """Everything one process needs to translate documents of a run: built once, used for each document."""

    options: RunOptions
    formats: list[str]
    writer_options: WriterOptions
    manifest: Manifest | None  # None: the English goes to stdout
    engine: Engine
    glossary: Glossary | None
    tm: TranslationMemory | None
    meta: dict
    settings: str  # run_settings(): recorded with every output, compared by the skip rule

    def close(self) -> None:
        self.engine.close()


def open_context(options: RunOptions, formats: list[str], writer_options: WriterOptions, *, backend=None,
                 progress: Callable[[int, int], None] | None = None) -> RunContext:
    """Load the glossary, the TM and the model (``backend``: one already built) for a run's documents."""
    from bitext.glossary.store import load_glossary
    from bitext.translate.engine import build_engine
    from bitext.translate.tm import load_tm
    from bitext.writers import Manifest

    manifest = None if str(options.out_dir) == STDOUT else Manifest(options.out_dir)
    glossary = None
    if options.translate.glossary_mode != "off":
        glossary = load_glossary(options.glossary_files, builtin=options.builtin_glossary)
    tm = load_tm(options.tm_files) if options.tm_files else None
    backend = backend or make_backend(options)
    engine = build_engine(backend, options.generation, cache=options.use_cache, progress=progress)
    meta = {"model": (model := public_name(options.model)), "backend": backend.name, "origin": f"MT ({model})"}
    settings = run_settings(options, writer_options, backend, glossary)
    return RunContext(options, formats, writer_options, manifest, engine, glossary, tm, meta, settings)


def run_settings(options: RunOptions, writer_options: WriterOptions, backend, glossary: Glossary | None) -> str:
    """A fingerprint of everything besides the input that shapes a document's outputs.

    The model (its config and weights fingerprint, and the CTranslate2 quantization), the
    backend, the generation and translate options, the glossary's and the TM files' content, the
    writer options but the creation date, and bitext's version. The formats are not in it: each
    planned file is checked on its own, so asking for fewer formats skips and one more re-translates.
    """
    from bitext.core.version import __version__

    h = hashlib.sha256()
    for path in options.tm_files:
        with open(path, "rb") as fh:
            h.update(hashlib.file_digest(fh, "sha256").digest())
    tm_digest = h.hexdigest()
    terms = None
    if glossary is not None:
        terms = hashlib.sha256(repr([(t.zh, t.en, t.variants, t.category, t.note, t.source, t.avoid)
                                     for t in glossary.terms]).encode("utf-8", "surrogatepass")).hexdigest()
    writer = {k: v for k, v in dataclasses.asdict(writer_options).items() if k != "created"}
    # The weights' fingerprint, not the spelling of the model's path: `--model ./m` here and the absolute
    # path a Ray worker gets are one model.
    source = getattr(backend, "source", None)
    model = backend.identity if source is None else backend.identity.replace(source.identity, source.fingerprint)
    fields = {"bitext": __version__, "model": model, "backend": backend.name,
              "generation": options.generation.cache_key(), "translate": dataclasses.asdict(options.translate),
              "glossary": terms, "tm": tm_digest, "writer": writer}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def translation_failed(document: Document, exc: Exception) -> str:
    """One line for a document the model failed on; the batch goes on without it."""
    reason = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"{document.source_label}: translation failed ({type(exc).__name__}: {reason}); the other files go on"


def run_document(f: InputFile, outputs: list[Path], context: RunContext,
                 on_document: Callable[[str, Document], None] | None = None) -> FileResult:
    """One input document, from its checks to its written output set (or the English on stdout).

    The per-document pipeline of every engine: the local runner and the Ray workers both call it.
    """
    started = time.perf_counter()
    stats = context.engine.stats
    calls, hits, tokens = stats.model_calls, stats.cache_hits, stats.source_tokens
    result = _run_document(f, outputs, context, on_document)
    result.model_calls, result.cache_hits = stats.model_calls - calls, stats.cache_hits - hits
    result.source_tokens = stats.source_tokens - tokens
    result.seconds = time.perf_counter() - started
    return result


def _run_document(f: InputFile, outputs: list[Path], context: RunContext, on_document) -> FileResult:
    from bitext.translate.inputs import STDIN, file_problem
    from bitext.writers import write_outputs, write_stream

    options, manifest = context.options, context.manifest

    def failed(message: str, status: str = "failed", notes: tuple[str, ...] = ()) -> FileResult:
        return FileResult(f.path, status, message, document=f.name, notes=notes)

    problem = f.problem or (file_problem(f.path) if f.path != STDIN else "")
    if problem:
        return failed(f"{f.label}: {problem}")
    try:
        data = _read_bytes(f)
        provenance = Provenance(hashlib.sha256(data).hexdigest(), context.settings)
        if manifest is not None:
            if manifest.complete(outputs, provenance):
                return FileResult(f.path, "skipped", "outputs complete and unchanged: not translated again",
                                  document=f.name, outputs=[str(p) for p in outputs])
            # Before the model's work: a file in the way would only be found after it otherwise.
            manifest.check(outputs, overwrite=options.overwrite)
        document = _read(f, data)
    except (InputError, OutputRefused) as exc:
        return failed(str(exc))
    if on_document:
        on_document(f.path, document)
    wanted = [b for b in document.blocks
              if b.kind is not BlockKind.FURNITURE or options.translate.translates_furniture]
    if not wanted:
        why = ("only page furniture (date lines, editor credits); --keep-furniture translates it"
               if document.blocks else "the file is empty or holds only whitespace")
        return failed(f"{document.source_label}: nothing to translate: {why}", "empty", document.notes)
    try:
        aligned = translate_document(document, context.engine, context.glossary, options.translate, tm=context.tm,
                                     meta=context.meta)
    except BitextError:
        raise  # the run's own errors (cache, model, output) carry their exit code
    except Exception as exc:  # noqa: BLE001 - whatever the model raised on this document's text
        return failed(translation_failed(document, exc), notes=document.notes)
    if manifest is None:
        sys.stdout.flush()
        written = write_stream(aligned, sys.stdout.buffer, context.formats[0], context.writer_options)
        result = _file_result(f, aligned, [STDOUT], document)
    else:
        try:
            written = write_outputs(aligned, options.out_dir, context.formats, context.writer_options,
                                    overwrite=options.overwrite, manifest=manifest, provenance=provenance)
        except OutputRefused as exc:
            return failed(str(exc))
        result = _file_result(f, aligned, written.files, document)
    result.invalid_chars_removed = written.invalid_chars_removed
    return result


def _file_result(f: InputFile, aligned, written, document: Document) -> FileResult:
    from bitext.core.flags import FLAG_CHUNKED, FLAG_FROM_TM

    translated = [p for p in aligned.paragraphs if p.target is not None]
    checks = [c for p in translated for c in p.terms]
    return FileResult(
        input=f.path, status="done", document=f.name, outputs=[str(w) for w in written], paragraphs=len(translated),
        segments=sum(len(p.beads) for p in translated),
        chunked=sum(FLAG_CHUNKED in b.flags for p in translated for b in p.beads),
        terms=len(checks), terms_flagged=sum(not c.realised for c in checks),
        from_tm=sum(FLAG_FROM_TM in b.flags for p in translated for b in p.beads), notes=document.notes,
    )


def check_inputs_exist(inputs: list[str]) -> None:
    if not inputs:
        raise BitextError("no input given: name files or folders, or '-' for stdin")
