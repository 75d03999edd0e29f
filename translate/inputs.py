"""Expand the command line's files and folders into the list of documents to process."""

from __future__ import annotations

from pathlib import Path

from bitext.core.errors import BitextError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given, folders as their .txt/.md files (recursively, sorted); '-' is stdin."""
    found: list[str] = []
    for item in inputs:
        if item == "-":
            found.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            if not files:
                raise BitextError(f"folder '{item}' has no .txt or .md files")
            found.extend(str(p) for p in files)
        elif path.exists():
            found.append(item)
        else:
            raise BitextError(f"input '{item}' does not exist")
    return list(dict.fromkeys(found))
