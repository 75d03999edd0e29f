"""Expand the command line's files and folders into the documents to process, each with its name.

A document is named after its path relative to the folder it was found in, minus the last extension
(``2021/04/19/1.txt`` → ``2021/04/19/1``, ``report.2023.txt`` → ``report.2023``); a file named on
the command line after its own name. Outputs mirror these names, so no two documents of one folder
share a name unless they differ only in the extension (the runner refuses those).

Inside folders, only documents are picked up: ``.txt``/``.md``/``.markdown`` files that are not hidden
and not bitext's own outputs (``*.en.txt`` and every file an output manifest lists); the output folder
itself is never entered. What cannot be a document is reported, not skipped silently: a broken
symbolic link, a FIFO or device with a text extension, a folder that cannot be listed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bitext.core.errors import BitextError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
OUTPUT_SUFFIX = ".en.txt"  # the txt writer's outputs are .txt too: never read them back as input
STDIN = "-"


@dataclass(frozen=True)
class InputFile:
    path: str  # as given or found; "-" is stdin
    name: str  # the document's name: relative, '/'-separated, last extension removed
    problem: str = ""  # why it cannot be read ("" when it can): reported as a failed input

    @property
    def label(self) -> str:
        return "<stdin>" if self.path == STDIN else self.path


def expand_inputs(inputs: list[str | InputFile], *, out_dir: str | Path | None = None) -> list[InputFile]:
    """Files as given, folders as their documents (recursively, sorted); '-' is stdin.

    Raises BitextError (exit 2) for an input that does not exist or a folder without documents. A
    file reached twice (two arguments, a symbolic link) is one document, named where first found.
    """
    skip = _real(out_dir) if out_dir is not None else None
    found: list[InputFile] = []
    for item in inputs:
        if isinstance(item, InputFile):
            found.append(item)
        elif item == STDIN:
            found.append(InputFile(STDIN, "stdin"))
        else:
            found.extend(_expand_one(item, skip))
    seen: set[str] = set()
    unique = []
    for f in found:
        key = f.path if f.path == STDIN or f.problem else _real(f.path)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def file_problem(path: str | Path) -> str:
    """Why ``path`` cannot be read as a document ("" when it can), found without opening it.

    Opening a FIFO blocks until something writes to it, and a device never ends: only regular files
    (or links to them) are read.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"broken symbolic link (it points to {os.readlink(path)!r}, which does not exist)"
        return "no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode):
        return ""
    if stat.S_ISDIR(info.st_mode):
        return "is a folder"
    return f"not a regular file ({_kind(info.st_mode)}): not read"


def document_name(relative: PurePosixPath) -> str:
    """``a/report.2023.txt`` → ``a/report.2023``: everything but the last extension."""
    return str(relative.with_suffix("")) if relative.suffix else str(relative)


def _expand_one(item: str, skip: str | None) -> list[InputFile]:
    path = Path(item)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if not os.path.islink(path):
            raise BitextError(f"input '{item}' does not exist") from None
        return [InputFile(item, document_name(PurePosixPath(path.name)), file_problem(path))]
    except OSError as exc:  # too long a path, no permission on a parent folder …
        return [InputFile(item, document_name(PurePosixPath(path.name or item)), f"cannot read: {exc.strerror or exc}")]
    if not stat.S_ISDIR(info.st_mode):
        return [InputFile(item, document_name(PurePosixPath(path.name)), file_problem(path))]
    files = sorted(_walk(path, skip), key=lambda f: f[0].parts)
    if not files:
        raise BitextError(f"folder '{item}' has no .txt or .md files (hidden files and bitext's own outputs "
                          f"are not read)")
    return [f for _, f in files]


def _walk(root: Path, skip: str | None) -> list[tuple[PurePosixPath, InputFile]]:
    """(relative path, input) for every document under ``root``, following links to folders once.

    ``skip`` (the output folder, resolved) is never entered, unless it is ``root`` itself (``-o`` the
    input folder): there the manifest keeps bitext's outputs out."""
    from bitext.writers.manifest import MANIFEST_NAME, listed_files

    out: list[tuple[PurePosixPath, InputFile]] = []
    visited: set[tuple[int, int]] = set()
    outputs: set[str] = set()  # files output manifests list, as walked paths
    stack = [(root, PurePosixPath())]
    while stack:
        folder, rel = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in visited:
                continue  # a link back to a folder already walked
            visited.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            out.append((rel, InputFile(str(folder), str(rel) or folder.name,
                                       f"cannot list this folder: {exc.strerror or exc}")))
            continue
        if any(e.name == MANIFEST_NAME for e in entries):
            outputs.update(os.path.normpath(os.path.join(folder, f)) for f in listed_files(folder))
        for entry in entries:
            name = entry.name
            if name.startswith(".") or os.path.normpath(entry.path) in outputs:
                continue
            child_rel = rel / name
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                if _real(path) != skip:
                    stack.append((path, child_rel))
                continue
            text = name.lower().endswith(TEXT_SUFFIXES) and not name.lower().endswith(OUTPUT_SUFFIX)
            # A broken link may have pointed at a document or a folder of them; one with another
            # extension did not.
            maybe_link = not text and not PurePosixPath(name).suffix and entry.is_symlink()
            if text or maybe_link:
                problem = file_problem(path)
                if text or problem.startswith("broken symbolic link"):
                    out.append((child_rel, InputFile(str(path), document_name(child_rel), problem)))
    return out


def _real(path: str | Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "not a file"


def plan_outputs(files: list[InputFile], out_dir: str | Path, formats: list[str], options=None) -> dict[InputFile, list[Path]]:
    """Every readable input's output files; BitextError (exit 2, before any work) where two inputs would
    write one file, or an output would replace an input."""
    from bitext.writers import output_paths

    inputs = {_real(f.path): f for f in files if f.path != STDIN and not f.problem}
    owners: dict[str, InputFile] = {}
    plan: dict[InputFile, list[Path]] = {}
    for f in files:
        if f.problem:
            continue
        plan[f] = paths = output_paths(f.name, out_dir, formats, options)
        for path in paths:
            key = os.path.normpath(path)
            other = owners.setdefault(key, f)
            if other is not f:
                raise BitextError(f"'{other.label}' and '{f.label}' would both be written to '{path}': rename "
                                  f"one of them, or translate them into different output folders (-o)")
            source = inputs.get(_real(path))
            if source is not None:
                raise BitextError(f"'{path}' is an input ('{source.label}') and would be replaced by an output of "
                                  f"'{f.label}': choose another output folder (-o)")
    return plan
