"""Where bitext keeps what it computes once and reuses: one cache folder for every layer.

``BITEXT_CACHE_DIR`` overrides the platform's user cache folder (``~/.cache/bitext`` on Linux), so a
test, a CI job or a shared machine can keep caches apart.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    env = os.environ.get("BITEXT_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("bitext"))
