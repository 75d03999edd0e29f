"""Options several commands share, spelled once so every command spells them the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

GlossaryFiles = Annotated[Optional[list[Path]], typer.Option(
    "--glossary", "-g", metavar="FILE",
    help="Extra glossary (TSV, CSV or TBX); repeatable, later files override earlier ones.")]
BuiltinGlossary = Annotated[bool, typer.Option(
    "--builtin-glossary/--no-builtin-glossary", help="Use the built-in term base besides --glossary files.")]

MAX_NEW_TOKENS_HELP = ("Most tokens the model may write for one segment; the model's own length limit "
                       "stays the ceiling.")
MAX_LENGTH_RATIO_HELP = ("Most tokens written per source token (plus 10), so a looping model stops early; "
                         "above 0.")
