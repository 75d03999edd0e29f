"""Errors users can act on, each with the exit code the CLI returns for it.

Exit codes: 0 all done, 1 some inputs failed, 2 usage or input-format error, 3 model unavailable,
4 output not writable.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
EXIT_OUTPUT = 4


class BitextError(Exception):
    """An error with a message meant for the user; the CLI prints it without a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + super().__str__()


class InputError(BitextError):
    """An input file cannot be read or makes no sense (encoding, binary, format)."""

    exit_code = EXIT_SOME_FAILED


class FormatError(BitextError):
    """A glossary, TMX or alignment file is malformed."""

    exit_code = EXIT_USAGE


class ModelUnavailable(BitextError):
    exit_code = EXIT_MODEL


class OutputError(BitextError):
    exit_code = EXIT_OUTPUT


class OutputRefused(OutputError):
    """One document's outputs cannot be written, for a reason that concerns that document only (a file
    bitext did not write is in the way, a name the file system cannot hold): the batch goes on."""

    exit_code = EXIT_SOME_FAILED
