"""What does the model's identity cost? The full-weights fingerprint of a 300 MB model, first run and later runs.

Writes ``bench/.cache/fingerprint-300mb/`` once (config.json and a 300 MB weights file of random bytes:
the fingerprint reads bytes, not tensors), then, each in a fresh process with a fresh cache folder
for the first run:
- first run: every weight byte is hashed (SHA-256) and the digest remembered in the cache folder;
- later runs: one ``stat`` per file finds the remembered digest;
- after one byte in the middle of the weights changes (size and mtime kept): hashed again.

Usage: .venv/bin/python bench/model_fingerprint.py [MEGABYTES]   (default 300)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache"


def make_model(megabytes: int) -> Path:
    folder = CACHE / f"fingerprint-{megabytes}mb"
    weights = folder / "model.safetensors"
    if not weights.is_file() or weights.stat().st_size != megabytes * 1_000_000:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config.json").write_text(json.dumps({"model_type": "marian", "is_encoder_decoder": True}))
        with weights.open("wb") as fh:
            for _ in range(megabytes):
                fh.write(os.urandom(1_000_000))
    return folder


def timed_fingerprint(folder: Path, cache: str) -> tuple[float, str]:
    code = ("import sys, time; sys.path.insert(0, %r)\n"
            "from pathlib import Path\n"
            "from bitext.translate.backends.model_source import fingerprint\n"
            "t = time.perf_counter(); fp = fingerprint(Path(%r)); print(time.perf_counter() - t, fp)") % (
        str(ROOT), str(folder))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, BITEXT_CACHE_DIR=cache)).stdout.split()
    return float(out[0]), out[1]


def flip_middle_byte(weights: Path) -> None:
    st = weights.stat()
    with weights.open("r+b") as fh:
        fh.seek(st.st_size // 2)
        byte = fh.read(1)
        fh.seek(st.st_size // 2)
        fh.write(bytes([byte[0] ^ 1]))
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns))


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    folder = make_model(megabytes)
    weights = folder / "model.safetensors"
    with weights.open("rb") as fh:  # the first run below should not pay for the disk, only the hash
        while fh.read(1 << 24):
            pass
    with tempfile.TemporaryDirectory() as cache:
        first, fp = timed_fingerprint(folder, cache)
        later = [timed_fingerprint(folder, cache)[0] for _ in range(3)]
        flip_middle_byte(weights)
        changed, fp2 = timed_fingerprint(folder, cache)
        again, _ = timed_fingerprint(folder, cache)
    print(f"weights: {megabytes} MB ({weights})")
    print(f"first run (hash every byte, remember):   {first:7.3f} s  fingerprint {fp}")
    print(f"later runs (stat, remembered digest):    {min(later):7.3f} s  (runs: {' '.join(f'{t:.4f}' for t in later)})")
    print(f"one byte changed, size and mtime kept:   {changed:7.3f} s  fingerprint {fp2} ({'changed' if fp2 != fp else 'SAME'})")
    print(f"the run after that:                      {again:7.3f} s")


if __name__ == "__main__":
    main()
