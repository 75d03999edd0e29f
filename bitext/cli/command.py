"""The Click classes behind the `bitext` commands: help, errors and pipes as other command-line tools do them.

- Arguments are named by their metavar, as Click and argparse do (``Usage: bitext translate [OPTIONS]
  INPUT...``), without the Python type Typer adds (``<list[str]>``) or its braces (``{INPUT}...``).
- Usage errors (a bad option value, a missing argument) end in ``bitext: error: …`` and exit 2, like
  every error bitext reports (:mod:`bitext.cli.errors`); a :class:`BitextError` anywhere does the same.
- A reader that closes the pipe early (``bitext glossary list | head -1``) ends the run with exit 0 and
  no traceback: it has what it wanted.

typer.core is where Typer's own Click classes live (Typer documents subclassing them); the exceptions
are Click's, which Typer 0.29 carries inside (`typer._click`), hence the pin on typer in pyproject.toml.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from bitext.cli.errors import report
from bitext.core.errors import BitextError


class Command(TyperCommand):
    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = (param.metavar or param.name.upper()) + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((param.metavar or record[0], record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(TyperGroup):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra: Any):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:  # `bitext` alone: the help, on stderr, exit 2 (Click's way)
            exc.show()
            code = exc.exit_code
        except UsageError as exc:
            if exc.ctx is not None:
                typer.echo(f"{exc.ctx.get_usage()}\nTry '{exc.ctx.command_path} --help' for help.", err=True)
            typer.echo(f"bitext: error: {exc.format_message()}", err=True)
            code = exc.exit_code
        except ClickException as exc:
            typer.echo(f"bitext: error: {exc.format_message()}", err=True)
            code = exc.exit_code
        except BitextError as exc:  # raised outside a command body, e.g. by an option's callback
            report(exc)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("bitext: aborted", err=True)
            code = 1
        code = code if isinstance(code, int) else 0
        try:
            sys.stdout.flush()  # a reader that left shows here when the output was still buffered
        except BrokenPipeError:
            _discard_stdout()
        if not standalone_mode:
            return code
        sys.exit(code)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _discard_stdout()
            return 0


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass
