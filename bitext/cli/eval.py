"""The `bitext eval` command: argument handling and the table; the work is in translate.evaluate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.errors import fail
from bitext.cli.options import BuiltinGlossary, GlossaryFiles
from bitext.core.errors import BitextError


def eval_command(
    hyp: Annotated[Path, typer.Option("--hyp", metavar="PATH", help="Hypothesis: text file, directory, bitext JSONL, TMX or XLIFF.")],
    ref: Annotated[list[Path], typer.Option("--ref", metavar="PATH", help="Reference (repeat for several references).")],
    src: Annotated[Optional[Path], typer.Option("--src", metavar="PATH", help="Chinese source, for term scores.")] = None,
    glossary: GlossaryFiles = None,
    builtin_glossary: BuiltinGlossary = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score translations: BLEU, chrF and glossary term success.

    Per document and in total (sacrebleu). Files are line-parallel; directories are paired by file
    name. bitext's JSONL, TMX and XLIFF outputs carry their own Chinese side, so term scores need no
    --src for them; a post-edited XLIFF as --ref scores the machine translation against the post-edit.
    """
    from bitext.translate.evaluate import evaluate, has_sources, pair_inputs

    try:
        docs = pair_inputs(hyp, ref, src)
        terms_wanted = has_sources(docs)
        if (glossary or not builtin_glossary) and not terms_wanted:
            raise BitextError("term scores need the Chinese source: give --src")
        gloss = None
        if terms_wanted:
            from bitext.glossary.store import load_glossary

            gloss = load_glossary(list(glossary or ()), builtin=builtin_glossary)
        report = evaluate(docs, gloss)
    except BitextError as exc:
        raise fail(exc) from None
    if as_json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        print_report(report)


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def print_report(report) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # names and signatures come from files: never read as markup

    with_terms = report.total.terms is not None
    table = Table(title="bitext eval", show_footer=False)
    table.add_column("document")
    table.add_column("segments", justify="right")
    table.add_column("BLEU", justify="right")
    table.add_column("chrF", justify="right")
    if with_terms:
        table.add_column("term success", justify="right")
        table.add_column("all terms ok", justify="right")
    rows = report.documents + [report.total] if len(report.documents) > 1 else [report.total]
    for i, d in enumerate(rows):
        cells = [Text(d.name if len(report.documents) > 1 else report.documents[0].name),
                 str(d.segments), _num(d.bleu), _num(d.chrf)]
        if with_terms:
            t = d.terms
            cells += [f"{_pct(t.success_rate)} ({t.matched}/{t.occurrences})",
                      f"{_pct(t.all_satisfied_rate)} ({t.segments_all_satisfied}/{t.segments_with_terms})"]
        table.add_row(*cells, end_section=(i == len(rows) - 2))
    console = Console()
    console.print(table)
    console.print(Text(f"BLEU  {report.bleu_signature}"))
    console.print(Text(f"chrF2 {report.chrf_signature}"))
    if report.glossary:
        g = report.glossary
        files = ", ".join(g["files"]) or "built-in only"
        console.print(Text(f"glossary {g['version']} ({g['entries']} entries; {files})"))
