"""Progress bar and summary for the terminal (rich, as Typer ships it).

Paths, document names and messages come from users and their files: they are always escaped (or
passed as Text), so ``[b]x.txt`` prints as itself and ``[/x]`` cannot break the output.
"""

from __future__ import annotations

import time
from dataclasses import asdict

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bitext.translate.runner import RunOptions, RunSummary, translate_files


def run_with_progress(inputs: list[str], options: RunOptions, *, verbose: bool = False,
                      summary: RunSummary | None = None) -> RunSummary:
    err = Console(stderr=True)
    counts = {"documents": 0, "segments": 0, "tokens": 0}
    started = time.perf_counter()
    with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                  MofNCompleteColumn(), TextColumn("{task.fields[rate]}", markup=False), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        from bitext.translate.inputs import expand_inputs

        # Expanded once here for the bar's total; the runner takes the list as it is.
        files = expand_inputs(inputs, out_dir=options.out_dir)
        task = progress.add_task("loading model", total=len(files), rate="")

        def on_document(path: str, document) -> None:
            progress.update(task, description=document.name, completed=counts["documents"])
            counts["documents"] += 1
            if document.notes or verbose:
                progress.console.print(Text(f"{document.source_label}: encoding {document.encoding}, "
                                            f"{document.script} script"
                                            + (f"; {'; '.join(document.notes)}" if document.notes else "")))

        def on_batch(segments: int, tokens: int) -> None:
            counts["segments"] += segments
            counts["tokens"] += tokens
            rate = counts["tokens"] / max(time.perf_counter() - started, 1e-9)
            progress.update(task, rate=f"{counts['segments']} segments · {rate:,.0f} src tok/s")

        summary = translate_files(files, options, on_document=on_document, progress=on_batch, summary=summary)
        progress.update(task, completed=len(files), description="done")
    print_summary(summary, err, options)
    return summary


def print_summary(summary: RunSummary, console: Console, options: RunOptions) -> None:
    table = Table(title="bitext translate")
    table.add_column("input", overflow="fold")
    table.add_column("status")
    for column in ("paragraphs", "segments", "chunked", "terms", "flagged", "TM"):
        table.add_column(column, justify="right", no_wrap=True)
    for f in summary.files:
        table.add_row(Text("<stdin>" if f.input == "-" else f.input), f.status, str(f.paragraphs),
                      str(f.segments), str(f.chunked), str(f.terms), str(f.terms_flagged), str(f.from_tm))
    console.print(table)
    done = [f for f in summary.files if f.status == "done"]
    if done:
        console.print(Text(f"outputs ({', '.join(options.formats)}) in {options.out_dir}"))
    console.print(f"{len(done)} of {len(summary.files)} files done; "
                  f"{summary.translated} segments translated, {summary.cached} from cache; "
                  f"{summary.invalid_chars_removed} invalid characters removed; {summary.seconds:.1f} s")
    for f in summary.failed:
        typer.echo(f"bitext: {f.message}", err=True)


def summary_json(summary: RunSummary) -> dict:
    data = asdict(summary)
    data["failed"] = len(summary.failed)
    return data
