"""How every `bitext` command reports a BitextError: one line on stderr, the error's exit code."""

from __future__ import annotations

import typer

from translate.errors import BitextError


def fail(exc: BitextError) -> typer.Exit:
    typer.echo(f"bitext: error: {exc}", err=True)
    return typer.Exit(exc.exit_code)
