"""What `bitext translate` says while it runs, and the summary after.

On a terminal a rich progress bar; anywhere else (a log file, a pipe, a batch job) one plain line per
document with its counts, the throughput and an estimate of the time left; with ``quiet`` only errors
and the final line.

Paths, document names and messages come from users and their files: they are always printed as
Text (never parsed as markup), so ``[b]x.txt`` prints as itself and ``[/x]`` cannot break the output.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bitext.translate.runner import STDOUT, FileResult, RunOptions, RunSummary, translate_files

# Within one long document the plain log says how far it got at most this often (seconds).
HEARTBEAT_S = 60.0


def run_with_progress(inputs: list[str], options: RunOptions, *, verbose: bool = False,
                      quiet: bool = False, summary: RunSummary | None = None, ray=None) -> RunSummary:
    """Run ``bitext translate`` with its progress lines and summary; ``ray`` (RayOptions): on Ray."""
    from bitext.translate.inputs import expand_inputs

    err = Console(stderr=True)
    summary = summary if summary is not None else RunSummary()
    # Expanded once here for the totals (never into the output folder); the runner takes the list as it is.
    paths = expand_inputs(inputs, out_dir=None if str(options.out_dir) == STDOUT else options.out_dir)
    if ray is not None:
        from bitext.translate.ray_engine import translate_files_ray

        # Results arrive per finished document, from many workers: the plain lines, also on a terminal.
        log = PlainLog(paths, verbose=verbose)
        if not quiet:
            log.say(f"{len(paths)} document(s); model {options.model} ({options.backend}) on Ray")
        translate_files_ray(paths, options, ray, on_file=None if quiet else log.on_file, summary=summary)
    elif quiet:
        translate_files(paths, options, summary=summary)
    elif err.is_terminal:
        _with_bar(paths, options, err, verbose, summary)
    else:
        _with_log(paths, options, verbose, summary)
    print_summary(summary, err, options, quiet=quiet)
    return summary


def _describe(document) -> str:
    notes = f"; {'; '.join(document.notes)}" if document.notes else ""
    return f"{document.source_label}: encoding {document.encoding}, {document.script} script{notes}"


def _with_bar(paths: list, options: RunOptions, err: Console, verbose: bool, summary: RunSummary) -> RunSummary:
    counts = {"documents": 0, "model_calls": 0, "tokens": 0}
    started = time.perf_counter()
    with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}", markup=False), TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("loading model", total=len(paths), rate="")

        def on_document(path: str, document) -> None:
            progress.update(task, description=document.name)
            if document.notes or verbose:
                progress.console.print(Text(_describe(document)))

        def on_batch(calls: int, tokens: int) -> None:
            counts["model_calls"] += calls
            counts["tokens"] += tokens
            rate = counts["tokens"] / max(time.perf_counter() - started, 1e-9)
            progress.update(task, rate=f"{counts['model_calls']} model calls · {rate:,.0f} src tok/s")

        def on_file(result) -> None:
            counts["documents"] += 1
            progress.update(task, completed=counts["documents"])

        translate_files(paths, options, on_document=on_document, progress=on_batch, on_file=on_file, summary=summary)
        progress.update(task, completed=len(paths), description="done")
    return summary


class PlainLog:
    """One line per finished document on stderr, for logs: position, counts, throughput, time left.

    The time left is the time so far scaled by the input bytes still to read: documents differ in
    length far more than in speed per byte.
    """

    def __init__(self, paths: list[str], *, verbose: bool = False, heartbeat_s: float | None = None):
        # By path: a distributed run finishes documents in any order.
        self.sizes = {getattr(p, "path", p): _size(getattr(p, "path", p)) for p in paths}
        self.bytes_total = sum(self.sizes.values())
        self.total = len(paths)
        self.verbose = verbose
        self.heartbeat_s = HEARTBEAT_S if heartbeat_s is None else heartbeat_s
        self.done = 0
        self.bytes_done = 0
        self.started: float | None = None
        self.doc_started = time.perf_counter()
        self.doc_name = ""
        self.doc_calls = self.doc_tokens = 0
        self.last_line = time.perf_counter()

    def say(self, text: str) -> None:
        typer.echo(f"bitext: {text}", err=True)
        self.last_line = time.perf_counter()

    def start(self, options: RunOptions) -> None:
        self.say(f"{self.total} document(s); model {options.model} ({options.backend})")

    def on_document(self, path: str, document) -> None:
        now = time.perf_counter()
        self.started = self.started or now
        self.doc_started, self.doc_name = now, _label(path)
        self.doc_calls = self.doc_tokens = 0
        if document.notes or self.verbose:
            typer.echo(_describe(document), err=True)  # as on a terminal: `bitext: FILE: …` lines are failures

    def on_batch(self, calls: int, tokens: int) -> None:
        self.doc_calls += calls
        self.doc_tokens += tokens
        if time.perf_counter() - self.last_line >= self.heartbeat_s:
            self.say(f"[{self.done + 1}/{self.total}] {self.doc_name}: {self.doc_calls:,} model calls so far; "
                     f"{self._rate()}")

    def on_file(self, result: FileResult) -> None:
        now = time.perf_counter()
        self.started = self.started or now - result.seconds
        self.bytes_done += self.sizes.get(result.input, 0)
        self.done += 1
        head = f"[{self.done}/{self.total}] {_label(result.input)}"
        if result.status != "done":
            self.say(f"{head}: {result.status}: {result.message}")
        else:
            self.say(f"{head}: {result.segments} segments, {result.model_calls} model calls, "
                     f"{result.cache_hits} cache hits in {result.seconds:.1f} s; "
                     f"{result.source_tokens / max(result.seconds, 1e-9):,.0f} source tokens/s{self._left(now)}")
        self.doc_started = now

    def _rate(self) -> str:
        seconds = max(time.perf_counter() - self.doc_started, 1e-9)
        return f"{self.doc_tokens / seconds:,.0f} source tokens/s"

    def _left(self, now: float) -> str:
        remaining = self.bytes_total - self.bytes_done
        if self.started is None or not self.bytes_done or remaining <= 0:
            return ""
        return f"; about {_duration((now - self.started) * remaining / self.bytes_done)} left"


def _with_log(paths: list, options: RunOptions, verbose: bool, summary: RunSummary) -> RunSummary:
    log = PlainLog(paths, verbose=verbose)
    log.start(options)
    return translate_files(paths, options, on_document=log.on_document, progress=log.on_batch, on_file=log.on_file,
                           summary=summary)


def _label(path: str) -> str:
    return "<stdin>" if path == "-" else Path(path).name


def _size(path: str) -> int:
    try:
        return 0 if path == "-" else os.path.getsize(path)
    except OSError:
        return 0


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def print_summary(summary: RunSummary, console: Console, options: RunOptions, *, quiet: bool = False) -> None:
    done = [f for f in summary.files if f.status in ("done", "skipped")]
    if not quiet:
        table = Table(title="bitext translate")
        table.add_column("input", overflow="fold")
        table.add_column("status")
        for column in ("paragraphs", "segments", "model calls", "cache hits", "chunked", "terms", "flagged", "TM"):
            table.add_column(column, justify="right")
        for f in summary.files:
            table.add_row(Text("<stdin>" if f.input == STDOUT else f.input), f.status, str(f.paragraphs),
                          str(f.segments), str(f.model_calls), str(f.cache_hits), str(f.chunked), str(f.terms),
                          str(f.terms_flagged), str(f.from_tm))
        console.print(table)
        if done and str(options.out_dir) == STDOUT:
            console.print(f"English ({', '.join(options.formats)}) written to stdout")
        elif done:
            folders = sorted({str(Path(o).parent) for f in done for o in f.outputs})
            console.print(Text(f"outputs ({', '.join(options.formats)}) in {', '.join(folders)}"))
    for f in summary.failed:
        typer.echo(f"bitext: {f.message}", err=True)
    # Plain text, never wrapped: the line a log or a script reads.
    skipped = f" ({summary.skipped} skipped: outputs complete)" if summary.skipped else ""
    typer.echo(f"{len(done)} of {len(summary.files)} files done{skipped}; {summary.segments} segments, "
               f"{summary.model_calls} model calls, {summary.cache_hits} cache hits; "
               f"{summary.invalid_chars_removed} invalid characters removed; {summary.seconds:.1f} s", err=True)


def summary_json(summary: RunSummary) -> dict:
    data = asdict(summary)
    data["segments"] = summary.segments
    data["failed"] = len(summary.failed)
    data["skipped"] = summary.skipped
    return data
