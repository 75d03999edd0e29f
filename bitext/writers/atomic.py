"""Atomic file output: an output file is either the old complete one or the new complete one.

The bytes go to a temporary file in the target's own directory (``os.replace`` is only atomic within
one filesystem), are fsynced, and then renamed over the target. On any failure the temporary file is
removed and an existing output is left untouched.

Temporary files have short names of their own (``.bitext-<host>-<pid>-<random>.tmp``), never derived
from the target's name, so any target name the file system accepts also works for its temporary file.
A process killed with SIGKILL cannot remove its temporary file; :func:`remove_stale_temporaries`
recognises such leftovers by that pattern and removes them on a later run.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from bitext.core.errors import OutputError, OutputRefused

_NEW_FILE_MODE = 0o644  # mkstemp creates 0600; outputs are ordinary shareable files
# Errors about one name, not about the folder or the disk: that document fails, the batch goes on.
_NAME_ERRNOS = {errno.ENAMETOOLONG, errno.EILSEQ}
_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
TEMP_PREFIX = ".bitext-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"\.bitext-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp")
# A temporary file lives from mkstemp to rename, seconds at most; one this old whose writer cannot be
# checked (another machine sharing the folder) is a leftover.
STALE_AFTER_S = 3600

# Called with (target, bytes) after the temporary file is on disk and before it replaces the target:
# write_outputs records each file in the output folder's manifest there (see manifest.py).
BeforeReplace = Callable[[Path, bytes], None]
_before_replace: ContextVar[BeforeReplace | None] = ContextVar("bitext_before_replace", default=None)


@contextlib.contextmanager
def before_replace(callback: BeforeReplace | None) -> Iterator[None]:
    """Call ``callback(target, data)`` for every file written in this block, just before its rename."""
    token = _before_replace.set(callback)
    try:
        yield
    finally:
        _before_replace.reset(token)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; raise OutputError naming the path on any OSError."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-", suffix=TEMP_SUFFIX,
                                        dir=path.parent)
    except OSError as exc:
        raise _output_error(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
        callback = _before_replace.get()
        if callback is not None:
            callback(path, data)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from exc
        raise
    _fsync_dir(path.parent)
    return path


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Encode first, so an encoding problem never touches the file system."""
    return write_bytes(path, text.encode(encoding))


def remove_stale_temporaries(folder: str | Path, *, now: float | None = None) -> int:
    """Remove bitext's temporary files that no running writer owns from ``folder`` (not recursive).

    One is removed when the process that made it on this machine is gone, or, whoever made it, when
    it has not changed for STALE_AFTER_S. Nothing else is touched. Returns how many were removed.
    """
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            orphan = match["host"] == _HOST and not _process_alive(int(match["pid"]))
            if orphan or now - info.st_mtime > STALE_AFTER_S:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # exists under another user, or cannot be asked: leave it to the age rule
    return True


def _mode_for(path: Path) -> int:
    # Replacing a file keeps its permissions, as an in-place rewrite would.
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return _NEW_FILE_MODE


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not every platform/filesystem allows opening a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _output_error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    if exc.errno in _NAME_ERRNOS:
        return OutputRefused(f"cannot write output file: {reason}", path=str(path))
    return OutputError(f"cannot write output file: {reason}", path=str(path))
