"""How every `bitext` command reports a BitextError: one line on stderr, the error's exit code."""

from __future__ import annotations

import typer

from bitext.core.errors import BitextError


def report(exc: BitextError) -> None:
    typer.echo(f"bitext: error: {exc}", err=True)


def fail(exc: BitextError) -> typer.Exit:
    """Report ``exc``; the caller raises what this returns (``raise fail(exc) from None``)."""
    report(exc)
    return typer.Exit(exc.exit_code)
