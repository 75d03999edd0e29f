"""What bitext wrote into an output folder, so that it never replaces a file it did not write.

``<out>/.bitext-manifest.jsonl`` holds one JSON line per file version bitext wrote there: its path
relative to the folder, size, SHA-256 and the input it came from. A line is appended after the new
version is on disk and before it replaces the old one, so a crash at any point leaves
every file bitext wrote recognisable: the target holds either a version recorded earlier or the one
just recorded. A torn last line (a crash mid-append) is ignored when read.

bitext replaces an existing file only when its bytes are bytes bitext wrote there (a rerun over its
own outputs), or when the caller allows overwriting. Appends take a shared lock on the folder and
the occasional compaction (rewriting the log without superseded lines, atomically) an exclusive one,
so several bitext processes may write into one folder. Each line is one ``write`` to a file opened
with O_APPEND, which a local file system never interleaves with another process's line; checks read
what other processes appended since (see :meth:`Manifest.refresh`).

A line may also carry the document's :class:`Provenance` (the SHA-256 of the input it came from and
the fingerprint of the run's settings): :meth:`Manifest.complete` is the rule by which a rerun skips
a document, in every engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from bitext.core.errors import OutputError, OutputRefused

MANIFEST_NAME = ".bitext-manifest.jsonl"
OVERWRITE_HINT = "move it away, or pass --overwrite to replace it"

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one bitext process per output folder there
    fcntl = None


# A record whose file does not exist (yet) survives compaction this long: another process may be
# between recording a new file and renaming it into place.
KEEP_MISSING_S = 3600


class Provenance(NamedTuple):
    """Where an output's bytes came from: the input's bytes and every setting that shapes the output."""

    input_sha256: str
    settings: str  # a fingerprint of the run's settings (bitext.translate.runner.run_settings)


class Record(NamedTuple):
    size: int
    sha256: str
    input: str | None = None
    time: float = 0.0  # when it was recorded (seconds since the epoch)
    provenance: Provenance | None = None

    def line(self, rel: str) -> str:
        entry = {"file": rel, "size": self.size, "sha256": self.sha256, "input": self.input, "time": round(self.time)}
        if self.provenance is not None:
            entry["input_sha256"], entry["settings"] = self.provenance
        return json.dumps(entry) + "\n"


def listed_files(folder: str | Path) -> set[str]:
    """Relative paths of the files the manifest in ``folder`` lists (empty when there is none)."""
    return set(_read_records(Path(folder) / MANIFEST_NAME)[0])


class Manifest:
    """The manifest of one output folder, read once; ``check`` before writing, ``record`` while writing."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.path = self.root / MANIFEST_NAME
        self._digests: dict[tuple[str, int, int], str] = {}
        self._records: dict[str, list[Record]] = {}
        self._read_at: tuple[int, int] | None = None  # (inode, bytes read) of the log as last read
        lines = self.refresh()
        if lines > 2 * sum(1 for _ in self._records) + 64:
            self._compact()

    def refresh(self) -> int:
        """Read what other processes appended since the last read (all of it after a compaction replaced
        the log); returns the number of lines read. A stat when nothing changed."""
        try:
            info = os.stat(self.path)
        except OSError:
            return 0
        inode, done = self._read_at if self._read_at else (None, 0)
        if inode != info.st_ino or info.st_size < done:
            self._records, done = {}, 0
        if info.st_size == done:
            return 0
        try:
            with open(self.path, "rb") as fh:
                fh.seek(done)
                data = fh.read()
        except OSError:
            return 0
        data = data[:data.rfind(b"\n") + 1]  # a line still being appended is read next time
        lines = _parse_records(data, self._records)
        self._read_at = (info.st_ino, done + len(data))
        return lines

    def complete(self, paths: Iterable[str | Path], provenance: Provenance) -> bool:
        """The skip rule of every engine: True when there is at least one path, each exists, and each holds
        bytes this manifest records as written from an input with ``provenance``'s SHA-256 under its
        settings. A changed input, changed settings or an output edited or removed since: False."""
        self.refresh()
        paths = list(paths)
        for path in paths:
            recorded = {r.sha256 for r in self._records.get(self.relative(path), []) if r.provenance == provenance}
            try:
                info = os.lstat(path)
                if not recorded or not stat.S_ISREG(info.st_mode) or self._digest(Path(path), info) not in recorded:
                    return False
            except OSError:
                return False
        return bool(paths)

    def relative(self, path: str | Path) -> str:
        return Path(path).relative_to(self.root).as_posix()

    def problem(self, path: str | Path) -> str:
        """Why bitext may not replace ``path`` without --overwrite; "" when it may (absent, or its own)."""
        self.refresh()  # another process (a worker of the same run) may have written it meanwhile
        path = Path(path)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return ""
        except OSError:
            return ""  # cannot even be looked at: writing it will fail with a precise message
        if stat.S_ISDIR(info.st_mode):
            return "is a folder"
        if not stat.S_ISREG(info.st_mode):
            return "exists and is not a regular file; bitext did not write it"
        recorded = self._records.get(self.relative(path))
        if not recorded:
            return "exists and bitext did not write it"
        if not any(r.size == info.st_size for r in recorded):
            return "was changed since bitext wrote it"
        try:
            digest = self._digest(path, info)
        except OSError as exc:
            return f"exists and cannot be read to check it ({exc.strerror or exc})"
        return "" if digest in {r.sha256 for r in recorded} else "was changed since bitext wrote it"

    def check(self, paths: Iterable[str | Path], *, overwrite: bool = False) -> None:
        """Raise OutputRefused for the first of ``paths`` bitext must not replace."""
        for path in paths:
            why = self.problem(path)
            if why == "is a folder":
                raise OutputRefused(f"output {why}: not replaced", path=str(path))
            if why and not overwrite:
                raise OutputRefused(f"output {why}: not replaced ({OVERWRITE_HINT})", path=str(path))

    def record(self, path: str | Path, data: bytes, source: str | None = None,
               provenance: Provenance | None = None) -> None:
        """Append the version ``data`` of ``path`` (called just before it replaces the old one)."""
        rel = self.relative(path)
        record = Record(len(data), hashlib.sha256(data).hexdigest(), source, time.time(), provenance)
        line = record.line(rel)
        try:
            with self._locked(exclusive=False):
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    # Not fsynced: the line reaches the file before the rename, which is all a killed
                    # process needs; after a power cut a lost line makes bitext keep that file
                    # (refuse to replace it), never replace a file it should not.
                    os.write(fd, line.encode("utf-8"))
                finally:
                    os.close(fd)
        except OSError as exc:
            raise OutputError(f"cannot record an output in the manifest: {exc.strerror or exc}",
                              path=str(self.path)) from exc

    def _digest(self, path: Path, info: os.stat_result) -> str:
        key = (str(path), info.st_size, info.st_mtime_ns)
        if key not in self._digests:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            self._digests[key] = h.hexdigest()
        return self._digests[key]

    def _compact(self) -> None:
        """Rewrite the log keeping, per existing file, its last record and the one matching its bytes."""
        from bitext.writers.atomic import before_replace, write_bytes

        try:
            with self._locked(exclusive=True, wait=False) as locked:
                if not locked:
                    return
                self._read_at = None
                self.refresh()  # the log as it is now, under the lock
                kept: dict[str, list[Record]] = {}
                for rel, recorded in self._records.items():
                    target = self.root / rel
                    try:
                        info = os.lstat(target)
                    except OSError:
                        if recorded[-1].time > time.time() - KEEP_MISSING_S:
                            kept[rel] = recorded[-1:]
                        continue
                    if not stat.S_ISREG(info.st_mode):
                        continue
                    keep = [recorded[-1]]
                    if len(recorded) > 1:
                        current = self._digest(target, info)
                        if current != keep[0].sha256:  # a newer version was recorded, not renamed
                            keep = [r for r in recorded[:-1] if r.sha256 == current][-1:] + keep
                    kept[rel] = keep
                text = "".join(r.line(rel) for rel, records in kept.items() for r in records)
                with before_replace(None):  # the manifest is not an output to record
                    write_bytes(self.path, text.encode("utf-8"))
                self._records = kept
                self._read_at = (os.stat(self.path).st_ino, len(text.encode("utf-8")))
        except (BlockingIOError, OSError, OutputError):
            pass  # another process holds the folder, or it is read-only: compaction can wait

    @contextlib.contextmanager
    def _locked(self, *, exclusive: bool, wait: bool = True) -> Iterator[bool]:
        """A lock on the folder; yields False where there is none to be had (Windows, some network
        file systems): appends go ahead anyway, compaction does not. BlockingIOError when busy and
        not ``wait``."""
        if fcntl is None:
            yield False
            return
        fd = os.open(self.root, os.O_RDONLY)
        try:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(fd, mode if wait else mode | fcntl.LOCK_NB)
            except BlockingIOError:
                raise
            except OSError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # closing releases the lock


def _read_records(path: Path) -> tuple[dict[str, list[Record]], int]:
    """{relative path: [Record, …] oldest first}, and the number of lines read."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}, 0
    records: dict[str, list[Record]] = {}
    return records, _parse_records(data, records)


def _parse_records(data: bytes, records: dict[str, list[Record]]) -> int:
    """Add the records of ``data``'s lines to ``records``; returns the number of lines."""
    lines = data.splitlines()
    for line in lines:
        try:
            entry = json.loads(line)
            rel = entry["file"]
            provenance = None
            if isinstance(entry.get("input_sha256"), str) and isinstance(entry.get("settings"), str):
                provenance = Provenance(entry["input_sha256"], entry["settings"])
            record = Record(int(entry["size"]), entry["sha256"], entry.get("input"), float(entry.get("time", 0)),
                            provenance)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a line torn by a crash mid-append
        if isinstance(rel, str) and isinstance(record.sha256, str):
            records.setdefault(rel, []).append(record)
    return len(lines)
