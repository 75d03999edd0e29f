"""`bitext glossary …`: list, look up, lint and export the term base.

Imports nothing heavier than the glossary modules: looking up a term must not load torch.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.command import Command
from bitext.cli.errors import fail
from bitext.cli.options import BuiltinGlossary, GlossaryFiles
from bitext.core.choices import GlossaryFormat
from bitext.core.errors import EXIT_SOME_FAILED, BitextError

app = typer.Typer(help="List, look up, lint and export the term base.\n\nThe built-in term base plus any "
                       "--glossary files, later files overriding earlier ones.",
                  no_args_is_help=True)


def _load(files: list[Path] | None, builtin: bool):
    from bitext.glossary.store import load_glossary

    return load_glossary(files or (), builtin=builtin)


@app.command("list", cls=Command)
def list_terms(
    category: Annotated[Optional[str], typer.Option("--category", "-c", metavar="NAME", help="Only this category.")] = None,
    glossary: GlossaryFiles = None,
    builtin_glossary: BuiltinGlossary = True,
) -> None:
    """Print entries as zh<TAB>en<TAB>category."""
    try:
        g = _load(glossary, builtin_glossary)
    except BitextError as exc:
        raise fail(exc) from None
    from bitext.glossary.lint import CATEGORIES

    if category is not None and category not in {t.category for t in g.terms} | set(CATEGORIES):
        raise fail(BitextError(f"unknown category '{category}'; known: {', '.join(CATEGORIES)}"))
    for t in g.by_category(category):
        typer.echo(f"{t.zh}\t{t.en}\t{t.category}")


@app.command(cls=Command)
def lookup(
    term: Annotated[str, typer.Argument(metavar="TERM", help="A Chinese term (exact) or part of an English rendering.")],
    glossary: GlossaryFiles = None,
    builtin_glossary: BuiltinGlossary = True,
) -> None:
    """Look up a Chinese term, or English renderings containing TERM."""
    try:
        g = _load(glossary, builtin_glossary)
    except BitextError as exc:
        raise fail(exc) from None
    found = g.search(term)
    if not found:
        typer.echo(f"no entry for '{term}'", err=True)
        raise typer.Exit(EXIT_SOME_FAILED)
    for i, t in enumerate(found):
        if i:
            typer.echo("")
        typer.echo(f"{t.zh}\n  en:       {t.en}")
        if t.variants:
            typer.echo(f"  variants: {'; '.join(t.variants)}")
        typer.echo(f"  category: {t.category}")
        if t.note:
            typer.echo(f"  note:     {t.note}")
        if t.source:
            typer.echo(f"  source:   {t.source}")
        typer.echo(f"  from:     {t.origin}:{t.line}")


@app.command(cls=Command)
def lint(
    files: Annotated[Optional[list[Path]], typer.Argument(
        metavar="FILE", help="Glossary files to check; none checks the built-in term base.")] = None,
    show_info: Annotated[bool, typer.Option("--info", help="Also show info-level findings.")] = False,
) -> None:
    """Check glossary files; exit 1 on errors.

    Reports duplicates, conflicts, empty fields, nested terms and non-Chinese zh.
    """
    from bitext.glossary.lint import lint_files
    from bitext.glossary.store import BUILTIN_FILE

    findings = lint_files(files or [BUILTIN_FILE])
    for f in findings:
        if f.severity != "info" or show_info:
            typer.echo(str(f))
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    typer.echo(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info", err=True)
    if counts["error"]:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command(cls=Command)
def export(
    fmt: Annotated[GlossaryFormat, typer.Option("--format", "-f", help="File format.")] = "tsv",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                   help="Write here; default or -: stdout.")] = None,
    full: Annotated[bool, typer.Option("--full", help="TSV/CSV: all columns (category, note, source) "
                                                      "instead of zh, en, variants.")] = False,
    glossary: GlossaryFiles = None,
    builtin_glossary: BuiltinGlossary = True,
) -> None:
    """Write the merged glossary (TSV, CSV, TBX, OmegaT).

    TSV and CSV: zh, en and variants (all columns with --full) under a header line. omegat: term,
    rendering, comment, for an OmegaT project's glossary/ folder (save it as .txt or .utf8).
    """
    from bitext.glossary import formats
    from bitext.glossary.formats.table import COLUMNS
    from bitext.core.errors import OutputError

    if output is not None and str(output) == "-":
        output = None
    try:
        g = _load(glossary, builtin_glossary)
        options = {} if fmt in ("tbx", "omegat") else {"columns": COLUMNS if full else COLUMNS[:3]}
        if output is None:
            formats.write(list(g.terms), sys.stdout, fmt, **options)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                formats.write(list(g.terms), stream, fmt, **options)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror}", path=str(output)) from None
    except BitextError as exc:
        raise fail(exc) from None
    typer.echo(f"{len(g.terms)} entries written to {output}", err=True)


if __name__ == "__main__":
    app()
