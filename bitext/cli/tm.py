"""``bitext tm …``: translation memories, e.g. reviewers' exports folded into one project TM.

A thin layer over :func:`bitext.translate.tm_merge.merge_tm_files`; lxml loads only inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bitext.cli.command import Command
from bitext.cli.errors import fail
from bitext.core.errors import BitextError

app = typer.Typer(help="Merge reviewers' exported TMX files into one project TM.",
                  no_args_is_help=True)


@app.command("merge", cls=Command)
def merge_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="TMX files, earliest first: for the same Chinese source the "
                                                     "newer unit wins, then the later file, as with --tm.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="The merged TMX to write.")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace OUTPUT if it exists.")] = False,
) -> None:
    """Merge TMX files into one (use it with `bitext translate --tm`)."""
    from bitext.translate.tm_merge import merge_tm_files

    try:
        summary = merge_tm_files(files, output, overwrite=overwrite)
    except BitextError as exc:
        raise fail(exc) from None
    typer.echo(f"merged {len(summary.files)} file(s): {summary.units} units -> {summary.output} "
               f"({summary.replaced} replaced by a newer or later unit for the same source, "
               f"{summary.skipped} without a Chinese–English pair)")
