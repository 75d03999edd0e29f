"""SQLite segment cache: finished translations survive crashes, Ctrl-C and reruns.

The key is the model's identity (name + weights fingerprint), the generation options and the exact
string sent to the model. Glossary enforcement changes that string (inline renderings, retries), so a
new glossary version re-translates exactly the segments it affects and nothing else.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

from bitext.core.errors import OutputError
from bitext.core.paths import cache_dir

_SCHEMA = "CREATE TABLE IF NOT EXISTS segments (key TEXT PRIMARY KEY, target TEXT NOT NULL, created REAL NOT NULL)"


def segment_key(namespace: str, source: str) -> str:
    # surrogatepass: a library caller's str may hold a lone surrogate; it must still get a key.
    return hashlib.sha256(f"{namespace}\x1f{source}".encode("utf-8", "surrogatepass")).hexdigest()


class SegmentCache:
    def __init__(self, path: Path | None = None):
        self.path = path or cache_dir() / "segments.sqlite"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Several bitext processes may share the cache: WAL lets readers run beside a writer and the
            # busy timeout makes concurrent writers wait instead of failing.
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=60000")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> OutputError:
        # A damaged file, a full disk, a folder that cannot be created: say so, with the way out.
        reason = getattr(exc, "strerror", None) or str(exc)
        return OutputError(f"segment cache not usable: {reason}. It is only a cache: move the file away, set "
                           "BITEXT_CACHE_DIR to another folder, or run with --no-cache.", path=str(self.path))

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        try:
            for i in range(0, len(keys), 500):
                part = keys[i:i + 500]
                rows = self._db.execute(f"SELECT key, target FROM segments WHERE key IN ({','.join('?' * len(part))})", part)
                found.update(rows)
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return found

    def put_many(self, items: dict[str, str]) -> None:
        now = time.time()
        try:
            with self._db:  # one transaction per batch: a crash loses at most the batch in flight
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO segments VALUES (?, ?, ?)",
                                     [(k, v, now) for k, v in items.items()])
        except sqlite3.Error as exc:  # e.g. "database or disk is full": earlier batches are committed
            raise self._error(exc) from None

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]

    def close(self) -> None:
        self._db.close()
