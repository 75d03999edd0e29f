"""Align every MAC-Dev chapter and score it against the gold (exact and strict/lax P/R/F1).

    .venv/bin/python bench/align_mac.py [--data ../shared/data/mac-dev] [--modes offline,mt,offline+use,...]
        [--long] [--set FIELD=VALUE ...]

Metric definitions: shared/notes/alignment-anchors.md §2 ("exact": aligner-eval's eval.py; strict/lax:
Bertalign/Vecalign eval.py after Sennrich & Volk 2011). The script first checks that its scorer
reproduces the Gale-Church reference outputs shipped with the data. Alignment time excludes loading
the dictionary and the encoder (reported separately). Each mode also reports the low-confidence flag:
the share of beads flagged and how many of those are correct (exact match with a gold bead).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The aligner's matrix products are small; BLAS threads only contend on a shared 2-core machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def read_align(path: Path) -> list[Bead]:
    beads = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        s, t = line.strip().split(":")
        beads.append((_ids(s), _ids(t)))
    return beads


def _ids(side: str) -> tuple[int, ...]:
    side = side.strip()[1:-1]
    return tuple(int(x) for x in side.split(",") if x.strip())


def _prf(tp_p, n_p, tp_r, n_r):
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def exact_counts(gold: list[Bead], test: list[Bead]) -> tuple[int, int, int]:
    gold_set = set(gold)
    return sum(1 for b in test if b in gold_set), len(test), len(gold)


def strict_lax_counts(gold: list[Bead], test: list[Bead]) -> tuple[int, int, int, int, int, int]:
    gold = [b for b in dict.fromkeys(gold) if b[0] or b[1]]
    test = [b for b in dict.fromkeys(test) if b[0] or b[1]]

    def links(beads):
        return {(i, j) for s, t in beads for i in s for j in t}

    gset = set(gold)
    glinks = links(gold)
    p_strict = sum(1 for b in test if b in gset)
    p_lax = sum(1 for b in test if b in gset or any((i, j) in glinks for i in b[0] for j in b[1]))
    gold_nn = [b for b in gold if b[0] and b[1]]
    test_nn = [b for b in test if b[0] and b[1]]
    tset_nn, tlinks_nn = set(test_nn), links(test_nn)
    r_strict = sum(1 for b in gold_nn if b in tset_nn)
    r_lax = sum(1 for b in gold_nn if b in tset_nn or any((i, j) in tlinks_nn for i in b[0] for j in b[1]))
    return p_strict, p_lax, len(test), r_strict, r_lax, len(gold_nn)


def score(pairs: list[tuple[list[Bead], list[Bead]]]) -> dict[str, tuple[float, float, float]]:
    e = [0, 0, 0]
    sl = [0] * 6
    for gold, test in pairs:
        for k, v in enumerate(exact_counts(gold, test)):
            e[k] += v
        for k, v in enumerate(strict_lax_counts(gold, test)):
            sl[k] += v
    return {
        "exact": _prf(e[0], e[1], e[0], e[2]),
        "strict": _prf(sl[0], sl[2], sl[3], sl[5]),
        "lax": _prf(sl[1], sl[2], sl[4], sl[5]),
    }


def fmt(s: dict) -> str:
    return "  ".join(f"{k} {p:.3f}/{r:.3f}/{f:.3f}" for k, (p, r, f) in s.items())


def check_reference(data: Path) -> None:
    ref = data / "reference-outputs" / "galechurch-aligner-eval"
    pairs = [(read_align(g), read_align(ref / g.name)) for g in sorted((data / "gold").glob("*.align"))]
    s = score(pairs)
    want = {"exact": (0.437, 0.457, 0.447), "strict": (0.437, 0.461, 0.449), "lax": (0.680, 0.699, 0.689)}
    ok = all(abs(a - b) < 0.0006 for k in want for a, b in zip(s[k], want[k]))
    print(f"scorer check (Gale-Church reference, dev final): {fmt(s)}  {'OK' if ok else 'MISMATCH'}")
    if not ok:
        raise SystemExit("scorer does not reproduce the README's reference scores")


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


MODES = {  # AlignOptions per mode; modes starting with "mt" read the legacy version's Google MT (.trans)
    "length": dict(use_dictionary=False, embed_model=None),
    "offline": dict(embed_model=None),
    "mt": dict(embed_model=None),
    "offline+use": dict(embed_model="use"),
    "mt+use": dict(embed_model="use"),
}


def run(data: Path, version: str, mode: str, options) -> tuple[dict, float, float, int, tuple[int, int, int]]:
    """Scores, wall and CPU seconds, chapters, and (beads, flagged beads, correct flagged beads)."""
    from bitext.align.aligner import align_sentences
    from bitext.core.flags import FLAG_LOW_CONFIDENCE

    if version == "final":
        zh_dir, en_dir, gold_dir = data / "src", data / "tgt", data / "gold"
    else:
        base = data / "legacy-bertalign-2021" / "data" / "mac" / "dev"
        zh_dir, en_dir, gold_dir = base / "zh", base / "en", base / "gold"
    pairs, elapsed, cpu, n = [], 0.0, 0.0, 0
    flags = [0, 0, 0]
    for gold_path in sorted(gold_dir.glob("*.align")):
        name = gold_path.stem
        zh, en = lines(zh_dir / name), lines(en_dir / name)
        mt = lines(zh_dir / f"{name}.trans") if mode.startswith("mt") else None
        t0, c0 = time.perf_counter(), time.process_time()
        beads = align_sentences(zh, en, mt=mt, options=options)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        gold = read_align(gold_path)
        pairs.append((gold, [(b.src, b.tgt) for b in beads]))
        gold_set = set(gold)
        flagged = [b for b in beads if FLAG_LOW_CONFIDENCE in b.flags]
        flags = [flags[0] + len(beads), flags[1] + len(flagged), flags[2] + sum((b.src, b.tgt) in gold_set for b in flagged)]
        n += 1
    return score(pairs), elapsed, cpu, n, tuple(flags)


def long_document(data: Path, options) -> None:
    """Chapters 001-003 as one document: the aligner's windows (its default for ~900k cells) against
    the full grid. Windows guess each one's English span from lengths; this catches a guess gone wrong."""
    from dataclasses import replace

    from bitext.align.aligner import align_sentences

    zh, en, gold = [], [], []
    for name in ("001", "002", "003"):
        for s, t in read_align(data / "gold" / f"{name}.align"):
            gold.append((tuple(i + len(zh) for i in s), tuple(j + len(en) for j in t)))
        zh += lines(data / "src" / name)
        en += lines(data / "tgt" / name)
    out = []
    for label, opts in (("windows", options), ("full grid", replace(options, max_cells=len(zh) * len(en)))):
        t0 = time.perf_counter()
        beads = align_sentences(zh, en, options=opts)
        f1 = score([(gold, [(b.src, b.tgt) for b in beads])])["exact"][2]
        out.append(f"{label} exact F1 {f1:.3f} ({time.perf_counter() - t0:.1f} s)")
    print(f"{'':18s} 3 chapters as one document ({len(zh)} x {len(en)} sentences): {'; '.join(out)}")


def encoder_speed(data: Path) -> None:
    """Load time and throughput of the sentence encoder on every MAC-Dev sentence (both sides)."""
    from bitext.align.score.encoder import load_encoder

    t0 = time.perf_counter()
    encoder = load_encoder()
    loaded = time.perf_counter() - t0
    texts = [s for d in ("src", "tgt") for f in sorted((data / d).iterdir()) for s in lines(f)]
    t0, c0 = time.perf_counter(), time.process_time()
    encoder.embed(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"encoder: load {loaded:.2f} s; {len(texts)} sentences in {wall:.2f} s wall ({cpu:.2f} s CPU, "
          f"{encoder.threads} threads) = {len(texts) / wall:.0f} sentences/s")


def main(argv: list[str] | None = None) -> None:
    from dataclasses import fields

    from bitext.align.options import AlignOptions

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "mac-dev")
    ap.add_argument("--modes", default="length,offline,mt,offline+use,mt+use", help=f"of {', '.join(MODES)}")
    ap.add_argument("--embed-model", default=None, help="also run mode mt+embed with this model (e.g. minilm)")
    ap.add_argument("--long", action="store_true", help="also align chapters 001-003 as one document, in windows "
                    "and on the full grid (non-MT modes)")
    ap.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="override an AlignOptions field in every mode (e.g. --set crossing_weight=0.5)")
    args = ap.parse_args(argv)
    kinds = {f.name: type(getattr(AlignOptions(), f.name)) for f in fields(AlignOptions)}
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        if key not in kinds:
            raise SystemExit(f"--set: AlignOptions has no field {key!r}")
        overrides[key] = None if value == "none" else kinds[key](value) if kinds[key] is not type(None) else value
    print(f"cpus {os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.data.is_dir():
        raise SystemExit(f"no MAC-Dev data at {args.data}")
    check_reference(args.data)
    t0 = time.perf_counter()
    from bitext.align.score.lexicon import load_lexicon

    load_lexicon()
    print(f"dictionary load: {time.perf_counter() - t0:.2f} s")
    modes = args.modes.split(",") + (["mt+embed"] if args.embed_model else [])
    if any(m.endswith("+use") for m in modes):
        encoder_speed(args.data)
    print(f"load average after setup {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for mode in modes:
        base = MODES.get(mode) or (dict(embed_model=args.embed_model) if mode == "mt+embed" else None)
        if base is None:
            raise SystemExit(f"unknown mode {mode!r} (modes: {', '.join(MODES)}, mt+embed)")
        opts = AlignOptions(**{**base, **overrides})
        versions = ["final", "legacy"] if not mode.startswith("mt") else ["legacy"]
        for version in versions:
            s, elapsed, cpu, n, (beads, flagged, right) = run(args.data, version, mode, opts)
            load = os.getloadavg()[0]
            print(f"{mode:11s} {version:6s} {fmt(s)}  align time {elapsed:.2f} s wall, {cpu:.2f} s CPU "
                  f"({n} chapters, load {load:.2f})")
            print(f"{'':18s} low-confidence flag: {flagged / beads:.1%} of {beads} beads, "
                  f"{right / max(flagged, 1):.0%} of them correct")
        if args.long and not mode.startswith("mt"):
            long_document(args.data, opts)


if __name__ == "__main__":
    main()
