"""Input files and plain CLI runs for the reliability tests."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, text: str) -> Path:
    """A UTF-8 text file ending in a newline, its folders made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def translate(cli, *args: str):
    """`bitext translate` without the glossary: these tests are about files, not terms."""
    return cli("translate", *args, "--glossary-mode", "off")
