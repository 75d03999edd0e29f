"""Mutation testing of the core modules with cosmic-ray: prints the score per module and the survivors.

    .venv/bin/pip install cosmic-ray        # the `mutation` extra
    .venv/bin/python bench/mutation.py [--sample N] [--recheck] [MODULE ...]   # default: every core module

cosmic-ray edits each module on disk, runs the module's tests, and restores the file: run it in a clean
checkout (git status clean) and let it finish (Ctrl-C leaves the current mutant restored). Each module
is tested with the test files that cover it, so a mutant costs a few seconds, not a whole suite.
Sessions go to .mutation/ (ignored); a rerun continues where the last one stopped. --sample N tests N
mutants per module drawn with a fixed seed (the score is then an estimate: about ±4 points per module at
N = 60, ±1 over all modules); --recheck runs the survivors of earlier sessions again after the tests
changed.

Operators: cosmic-ray replaces every binary operator with each of the eleven others and every comparison
with each of the nine others; most of those (`a + b` → `a << b` on strings) die at the first call and
only cost time. Kept are the replacements that model a real slip, as mutmut and PIT do: `+`/`-`, `*`/`/`,
`//` → `/`, `**` → `*`, each comparison to its boundary twin (`<`/`<=`, `>`/`>=`) and to its
negation (`==`/`!=`, `is`/`is not`, `in`/`not in`); every other operator (numbers, `not`, `and`/`or`,
loops, `break`/`continue`, exceptions, decorators, booleans) is kept whole. The fast tests run per mutant
(`-m "not slow"`): a bug only a slow test catches counts as surviving.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".mutation"
BIN = Path(sys.executable).parent  # cosmic-ray's commands, from the environment running this script
PYTEST = f"{sys.executable} -m pytest -x -q -p no:cacheprovider -p no:randomly -m 'not slow'"

# No `|` → `&`: in these modules `|` is in annotations (`X | None`, never evaluated under
# `from __future__ import annotations`), so all its mutants were equivalent.
KEPT_BINARY = ("Add_Sub", "Sub_Add", "Mul_Div", "Div_Mul", "FloorDiv_Div", "Pow_Mul")
KEPT_COMPARISON = ("Lt_LtE", "LtE_Lt", "Gt_GtE", "GtE_Gt", "Eq_NotEq", "NotEq_Eq", "Is_IsNot", "IsNot_Is",
                   "In_NotIn", "NotIn_In")
EXCLUDED_OPERATORS = [
    f"core/ReplaceBinaryOperator_(?!({'|'.join(KEPT_BINARY)})$)",
    f"core/ReplaceComparisonOperator_(?!({'|'.join(KEPT_COMPARISON)})$)",
]

# Core module → the tests that are meant to catch a bug in it.
CORE = {
    "glossary/enforce.py": ["tests/test_glossary_enforce.py", "tests/test_core_behaviours.py"],
    "glossary/matcher.py": ["tests/test_glossary_matcher.py"],
    "glossary/realised.py": ["tests/test_glossary_realised.py"],
    "align/split/zh.py": ["tests/test_split.py", "tests/test_core_behaviours.py"],
    "align/split/en.py": ["tests/test_split.py"],
    "translate/ingest/repair.py": ["tests/test_ingest.py"],
    "align/paragraphs.py": ["tests/test_align.py", "tests/test_core_behaviours.py"],
    "align/dp.py": ["tests/test_core_behaviours.py", "tests/test_align.py"],
    "align/aligner.py": ["tests/test_align.py", "tests/test_core_behaviours.py", "tests/test_encoder.py"],
    "bitext/writers/tmx.py": ["tests/test_tmx.py", "tests/test_cat_files.py"],
    "bitext/writers/html.py": ["tests/test_html.py", "tests/test_review.py"],
    # The tiny-model round trip (15 s) covers ordering, not where chunks split.
    "translate/chunking.py": ["tests/test_engine.py", "--deselect", "tests/test_engine.py::test_real_model_order_and_count"],
    "translate/cache.py": ["tests/test_engine.py", "tests/test_core_behaviours.py"],
    "translate/tm.py": ["tests/test_tm.py", "tests/test_cat_files.py"],
    "bitext/writers/atomic.py": ["tests/test_writers.py"],
    "translate/evaluate.py": ["tests/test_eval.py", "tests/test_eval_terms.py"],
}


# Each module's tests take under 15 s on a quiet machine; a mutant still running after 45 s is an endless
# loop (cosmic-ray counts it killed; --recheck runs it again).
def config(module: str, tests: list[str]) -> str:
    return f"""[cosmic-ray]
module-path = "{module}"
timeout = 45.0
excluded-modules = []
test-command = "{PYTEST} {' '.join(tests)}"

[cosmic-ray.distributor]
name = "local"

[cosmic-ray.filters.operators-filter]
exclude-operators = {json.dumps(EXCLUDED_OPERATORS)}
"""


def keep_sample(session: Path, size: int) -> None:
    """Mark all but ``size`` pending mutants as skipped; the draw depends on the mutants, not on job ids."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        pending = sorted(db.pending_work_items, key=lambda item: [
            (m.operator_name, m.occurrence, tuple(m.start_pos)) for m in item.mutations])
        random.Random(0).shuffle(pending)
        dropped = [item.job_id for item in pending[size:]]
        if dropped:
            db.set_multiple_results(dropped, WorkResult(WorkerOutcome.SKIPPED, output="not in the sample"))


def forget_survivors(session: Path) -> None:
    """Make survivors pending again, and timeouts too: cosmic-ray counts a timeout as killed, which a
    loaded (or suspended) machine can cause."""
    with sqlite3.connect(session) as db:
        db.execute("DELETE FROM work_results WHERE worker_outcome = 'NORMAL' "
                   "AND (test_outcome != 'KILLED' OR output = 'timeout')")


def run(module: str, tests: list[str], sample: int | None = None, recheck: bool = False) -> tuple[int, int, list[dict]]:
    WORK.mkdir(exist_ok=True)
    stem = module.replace("/", "_").removesuffix(".py")
    cfg, session = WORK / f"{stem}.toml", WORK / f"{stem}.sqlite"
    cfg.write_text(config(module, tests), encoding="utf-8")
    if not session.exists():
        subprocess.run([str(BIN / "cosmic-ray"), "init", str(cfg), str(session)], cwd=ROOT, check=True)
        subprocess.run([str(BIN / "cr-filter-operators"), str(session), str(cfg)], cwd=ROOT, check=True)
        if sample is not None:
            keep_sample(session, sample)
    elif recheck:
        forget_survivors(session)
    subprocess.run([str(BIN / "cosmic-ray"), "exec", str(cfg), str(session)], cwd=ROOT, check=True)
    dump = subprocess.run([str(BIN / "cosmic-ray"), "dump", str(session)], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout
    killed, total, survivors = 0, 0, []
    excluded = re.compile("|".join(EXCLUDED_OPERATORS))
    for line in dump.splitlines():
        item, result = json.loads(line)
        if not result or result.get("worker_outcome") != "normal":
            continue
        if excluded.match(item["mutations"][0]["operator_name"]):  # a session made before the list changed
            continue
        total += 1
        if result.get("test_outcome") == "killed":
            killed += 1
        else:
            mutation = item["mutations"][0]
            survivors.append({"module": module, "line": mutation["start_pos"][0],
                              "operator": mutation["operator_name"], "diff": result.get("diff", "")})
    return killed, total, survivors


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="default: all of " + ", ".join(CORE))
    parser.add_argument("--sample", type=int, metavar="N", help="test N mutants per module (new sessions only)")
    parser.add_argument("--recheck", action="store_true", help="run earlier survivors again")
    args = parser.parse_args(argv)
    if unknown := [m for m in args.modules if m not in CORE]:
        parser.error(f"not a core module: {', '.join(unknown)}")
    if subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                      text=True).stdout.strip():
        print("the working tree has changes: mutation testing edits files in place; commit or stash first")
        return 2
    modules = args.modules or list(CORE)
    all_killed = all_total = 0
    survivors = []
    for module in modules:
        killed, total, left = run(module, CORE[module], args.sample, args.recheck)
        all_killed, all_total = all_killed + killed, all_total + total
        survivors += left
        print(f"{module}: {killed}/{total} killed ({killed / max(total, 1):.1%})", flush=True)
    print(f"TOTAL: {all_killed}/{all_total} killed ({all_killed / max(all_total, 1):.1%})")
    for s in survivors:
        print(f"survived {s['module']}:{s['line']} {s['operator']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
