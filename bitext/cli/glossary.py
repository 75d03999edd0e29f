"""`bitext glossary …`: list, look up, lint, export the term base, and mine new terms from parallel texts.

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
    term: Annotated[str, typer.Argument(metavar="TERM", help="A Chinese term (quotation marks and spaces do not matter) or part of an English rendering.")],
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
    from bitext.core.terms import RENDERING_LABELS

    for i, t in enumerate(found):
        if i:
            typer.echo("")
        # The label says what en is, so a project choice is never presented as official.
        typer.echo(f"{t.zh}\n  en:       {t.en}  ({RENDERING_LABELS[t.provenance]})")
        for n, v in enumerate(t.variants):
            used = f"  ({v.year}, {v.source})" if v.year is not None else (f"  ({v.source})" if v.source else "")
            typer.echo(f"  {'variants:' if n == 0 else '         '} {v.text}{used}")
        if t.avoid:
            typer.echo(f"  avoid:    {'; '.join(t.avoid)}")
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

    Reports duplicates, conflicts, empty fields, nested terms, non-Chinese zh, badly dated variants and
    avoid-lists that clash with accepted renderings.
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
    full: Annotated[bool, typer.Option("--full", help="TSV/CSV: all columns (avoid, category, note, source) "
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


@app.command(cls=Command)
def mine(
    zh: Annotated[Path, typer.Argument(metavar="ZH", help="Chinese file, or folder of Chinese files.")],
    en: Annotated[Path, typer.Argument(metavar="EN", help="English edition: a file, or a folder paired by name (NAME with NAME, "
                                            "or NAME.zh.txt with NAME.en.txt; ZH and EN may be one folder).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the TSV here instead of stdout.")] = None,
    include_known: Annotated[bool, typer.Option("--include-known", help="Also list units the term base already has "
                                                                       "with the same rendering.")] = False,
    top: Annotated[Optional[int], typer.Option("--top", min=1, metavar="N", help="Only the N best rows.")] = None,
    presegmented: Annotated[bool, typer.Option("--presegmented", help="One sentence per line on both sides.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing --output file.")] = False,
    glossary: GlossaryFiles = None,
    builtin_glossary: BuiltinGlossary = True,
) -> None:
    """Propose term pairs from documents and their English editions.

    TSV columns zh, en, score, count, example_zh, example_en, known; best first.
    """
    from bitext.glossary.mine import write_tsv
    from bitext.translate.mine_run import MineRunOptions, mine_files

    try:
        if output is not None and output.exists() and not overwrite:
            # A mined file is what a reviewer edits next: never overwrite it by accident.
            raise BitextError("exists; pass --overwrite to replace it, or choose another --output", path=str(output))
        g = _load(glossary, builtin_glossary)
        options = MineRunOptions(presegmented=presegmented, include_known=include_known, top=top)
        summary = mine_files(zh, en, g, options)
        if output is None:
            write_tsv(summary.candidates, sys.stdout)
        else:
            import io

            from bitext.writers.atomic import write_text

            buffer = io.StringIO()
            write_tsv(summary.candidates, buffer)
            write_text(output, buffer.getvalue())
    except BitextError as exc:
        raise fail(exc) from None
    typer.echo(f"{len(summary.candidates)} term pair(s) from {len(summary.documents)} document(s), "
               f"{summary.sentence_pairs} sentence pairs (aligned in {summary.align_seconds:.1f} s, mined in "
               f"{summary.mine_seconds:.1f} s)" + (f" -> {output}" if output else ""), err=True)


if __name__ == "__main__":
    app()
