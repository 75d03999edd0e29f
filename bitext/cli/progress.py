"""Progress bar and summary for the terminal (rich, as Typer ships it)."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from bitext.translate.runner import RunOptions, RunSummary, translate_files


def run_with_progress(inputs: list[str], options: RunOptions, *, verbose: bool = False) -> RunSummary:
    err = Console(stderr=True)
    counts = {"documents": 0, "segments": 0, "tokens": 0}
    started = time.perf_counter()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True) as progress:
        from bitext.translate.inputs import expand_inputs

        # Expanded once here for the bar's total; the runner takes the list as it is.
        paths = expand_inputs(inputs)
        task = progress.add_task("loading model", total=len(paths), rate="")

        def on_document(path: str, document) -> None:
            progress.update(task, description=f"{document.name}", completed=counts["documents"])
            counts["documents"] += 1
            if document.notes or verbose:
                progress.console.print(f"{document.source_label}: encoding {document.encoding}, "
                                       f"{document.script} script" + (f"; {'; '.join(document.notes)}" if document.notes else ""))

        def on_batch(segments: int, tokens: int) -> None:
            counts["segments"] += segments
            counts["tokens"] += tokens
            rate = counts["tokens"] / max(time.perf_counter() - started, 1e-9)
            progress.update(task, rate=f"{counts['segments']} segments · {rate:,.0f} src tok/s")

        summary = translate_files(paths, options, on_document=on_document, progress=on_batch)
        progress.update(task, completed=len(paths), description="done")
    print_summary(summary, err, options.formats)
    return summary


def print_summary(summary: RunSummary, console: Console, formats: tuple[str, ...]) -> None:
    table = Table(title="bitext translate")
    table.add_column("input", overflow="fold")
    table.add_column("status")
    for column in ("paragraphs", "segments", "chunked", "terms", "flagged", "TM"):
        table.add_column(column, justify="right", no_wrap=True)
    for f in summary.files:
        table.add_row(Path(f.input).name if f.input != "-" else "<stdin>", f.status, str(f.paragraphs),
                      str(f.segments), str(f.chunked), str(f.terms), str(f.terms_flagged), str(f.from_tm))
    console.print(table)
    done = [f for f in summary.files if f.status == "done"]
    if done:
        folders = sorted({str(Path(o).parent) for f in done for o in f.outputs})
        console.print(f"outputs ({', '.join(formats)}) in {', '.join(folders)}")
    console.print(f"{len(done)} of {len(summary.files)} files done; "
                  f"{summary.translated} segments translated, {summary.cached} from cache; "
                  f"{summary.invalid_chars_removed} invalid characters removed; {summary.seconds:.1f} s")
    for f in summary.failed:
        typer.echo(f"bitext: {f.message}", err=True)


def summary_json(summary: RunSummary) -> dict:
    data = asdict(summary)
    data["failed"] = len(summary.failed)
    return data
