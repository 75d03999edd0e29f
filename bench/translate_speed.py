"""Translation speed: bitext against the naive transformers loop and against raw CTranslate2.

    python bench/translate_speed.py            # full run (< 10 min on 2 cores)
    python bench/translate_speed.py --quick    # about 2 min

Contenders, each in a fresh subprocess (so peak RSS is its own), interleaved round by round:
  (a) naive      the loop a user writes with transformers 5: tokenizer + model.generate, one
                 paragraph at a time (pipeline("translation") no longer exists)
  (b) bitext-tf  bitext's library pipeline (`bitext translate --backend transformers`): ingestion,
                 glossary check, batching, alignment and TMX/HTML/TXT writing included
  (c) bitext-ct2 the same with --backend ctranslate2 (int8)
  (d) raw-ct2    CTranslate2 translate_batch on the same token ids with the best thread setting found
                 on this machine: the ceiling

The model has opus-mt-zh-en's exact architecture and random weights (bench/build_bench_model.py).
Random weights never emit </s>, so every contender uses the same beam size and the same cap on
generated tokens and every paragraph generates exactly --cap tokens; throughput is generated tokens
per second of translation (model loading is reported apart). The last line is
`speedup_vs_naive=X.XX ct2_efficiency=Y.YY` with X = (c)/(a) and Y = (c)/(d) in tokens/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(REPO)]

from build_bench_model import CACHE, MODEL_DIR, build, seed_text, sentences  # noqa: E402

CONTENDERS = ("naive", "bitext-tf", "bitext-ct2", "raw-ct2")
LABELS = {
    "naive": "(a) naive transformers loop",
    "bitext-tf": "(b) bitext --backend transformers",
    "bitext-ct2": "(c) bitext --backend ctranslate2 int8",
    "raw-ct2": "(d) raw CTranslate2 int8 (ceiling)",
}
BITEXT_CACHE = CACHE / "bitext-cache"  # BITEXT_CACHE_DIR for the workers: conversions live here
WARMUP = "今天召开的会议强调，要坚持以人民为中心的发展思想。"


# ----------------------------------------------------------------------------------------- inputs

def make_paragraphs(n: int, seed: int = 7) -> list[str]:
    """n paragraphs of whole real sentences (seed text, reshuffled, numbers varied), up to 400 chars.

    Every paragraph ends on sentence punctuation: bitext's ingestion rightly joins a line that stops
    mid-sentence to the next one, which would change the paragraph count."""
    rng = random.Random(seed)
    pool = sentences(seed_text())
    out: list[str] = []
    while len(out) < n:
        target = rng.choice((80, 120, 160, 200, 250, 320, 380))
        parts: list[str] = []
        while sum(map(len, parts)) < target:
            s = "".join(str(rng.randint(1, 9)) if ch.isdigit() else ch for ch in rng.choice(pool))
            parts.append(s if s[-1] in "。！？；" else s + "。")
        while len(parts) > 1 and sum(map(len, parts)) > 400:
            parts.pop()
        para = "".join(parts)
        if len(para) > 400:
            para = para[:399] + "。"
        if para not in out:
            out.append(para)
    return out


def is_body(paragraph: str) -> bool:
    """False for what bitext's ingestion rightly sets aside as page furniture (an editor's credit line
    taken from the seed text): every contender must translate the same paragraphs."""
    from bitext.core.document import BlockKind
    from bitext.translate.ingest import read_document

    return all(b.kind is not BlockKind.FURNITURE for b in read_document(data=paragraph.encode()).blocks)


def prepare(n: int, docs_per_file: int = 20) -> dict:
    """Write the paragraphs as .txt documents and the raw contender's token lists; return facts."""
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    work = CACHE / f"speed-{n}"
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for old in docs.glob("*.txt"):
        old.unlink()
    tok = AutoTokenizer.from_pretrained(MODEL_DIR)
    paragraphs = [p for p in make_paragraphs(n + 10) if is_body(p)][:n]
    ids = tok(paragraphs)["input_ids"]
    keep = [p for p, row in zip(paragraphs, ids) if len(row) <= 500]  # fits the 512-position model unchunked
    for i in range(0, len(keep), docs_per_file):
        (docs / f"doc{i // docs_per_file:03d}.txt").write_text("\n\n".join(keep[i:i + docs_per_file]) + "\n",
                                                               encoding="utf-8")
    (work / "paragraphs.json").write_text(json.dumps(keep, ensure_ascii=False), encoding="utf-8")
    tokens = [tok.convert_ids_to_tokens(row) for row in tok(keep)["input_ids"]]
    (work / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
    lengths = [len(t) for t in tokens]
    return {"work": str(work), "paragraphs": len(keep), "chars_mean": round(statistics.mean(map(len, keep))),
            "src_tokens_mean": round(statistics.mean(lengths)), "src_tokens_max": max(lengths)}


def ensure_conversion() -> str:
    os.environ["BITEXT_CACHE_DIR"] = str(BITEXT_CACHE)
    from bitext.translate.backends.convert import ensure_converted
    from bitext.translate.backends.model_source import resolve_model

    return str(ensure_converted(resolve_model(str(MODEL_DIR)), "int8").path)


# ---------------------------------------------------------------------------------------- workers

def peak_rss_mb() -> float:
    """This process's own high-water mark (VmHWM). ru_maxrss would not do: Linux carries the parent's
    peak across fork/exec into the child's ru_maxrss."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_snapshot() -> tuple[float, int]:
    """(wall time, busy jiffies of the whole machine)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return time.perf_counter(), sum(v) - v[3] - v[4]  # minus idle and iowait


def busy_share(a: tuple[float, int], b: tuple[float, int]) -> float:
    """Fraction of all CPUs busy between two snapshots."""
    return (b[1] - a[1]) / os.sysconf("SC_CLK_TCK") / max(1e-9, (b[0] - a[0]) * (os.cpu_count() or 1))


def wait_until_quiet(max_wait_s: float) -> float:
    """Wait (at most max_wait_s) until other processes leave the CPUs nearly idle for a second; return
    the busy share seen last. This box is shared, and torch slows down badly when oversubscribed."""
    deadline = time.perf_counter() + max_wait_s
    while True:
        a = cpu_snapshot()
        time.sleep(1.0)
        share = busy_share(a, cpu_snapshot())
        if share < 0.05 or time.perf_counter() > deadline:
            return share


def worker_naive(args, paragraphs: list[str]) -> dict:
    started = time.perf_counter()
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
    model = AutoModelForSeq2SeqLM.from_pretrained(MODEL_DIR)
    load_s = time.perf_counter() - started

    def translate(text: str) -> tuple[str, int]:
        batch = tokenizer(text, return_tensors="pt")
        out = model.generate(**batch, num_beams=args.beams, max_new_tokens=args.cap)
        return tokenizer.decode(out[0], skip_special_tokens=True), out.shape[1] - 1

    translate(WARMUP)
    started = time.perf_counter()
    tokens = sum(translate(p)[1] for p in paragraphs)
    return {"load_s": load_s, "seconds": time.perf_counter() - started, "tokens": tokens,
            "units": len(paragraphs)}


def worker_bitext(args, paragraphs: list[str], backend_name: str) -> dict:
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.pipeline import TranslateOptions
    from bitext.translate.runner import RunOptions, make_backend, translate_files

    work = Path(args.work)
    options = RunOptions(
        out_dir=work / f"out-{backend_name}", formats=("tmx", "html", "txt"), model=str(MODEL_DIR),
        backend=backend_name, device="cpu",
        # A huge length ratio leaves --cap as the only limit, the same for every contender.
        generation=GenerationOptions(beams=args.beams, batch_size=args.batch_size, max_new_tokens=args.cap,
                                     max_length_ratio=1000.0),
        translate=TranslateOptions(glossary_mode="check", unit=args.unit),
        use_cache=False,
    )
    started = time.perf_counter()
    backend = make_backend(options)
    load_s = time.perf_counter() - started
    calls = {"units": 0, "model_s": 0.0}
    translate = backend.translate

    def counted(texts: list[str]) -> list[str]:
        t = time.perf_counter()
        out = translate(texts)
        calls["model_s"] += time.perf_counter() - t
        calls["units"] += len(texts)
        return out

    # Warm-up, as every contender gets one: a one-paragraph document through the whole pipeline pays
    # bitext's one-time costs (lazy imports, the aligner's lexicon, HTML templates), reported apart.
    warm = work / "warmup"
    warm.mkdir(exist_ok=True)
    (warm / "warmup.txt").write_text(WARMUP + "\n", encoding="utf-8")
    started = time.perf_counter()
    translate_files([str(warm / "warmup.txt")], replace(options, out_dir=work / "out-warmup"), backend=backend)
    warm_s = time.perf_counter() - started
    backend.translate = counted
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    summary = translate_files([str(work / "docs")], options, backend=backend)
    seconds = time.perf_counter() - started
    if args.profile:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(40)
    if summary.failed:
        raise SystemExit(f"bitext failed on {[f.input for f in summary.failed]}: {summary.failed[0].message}")
    # Every unit generates exactly --cap tokens (random weights, cap reached; the last is </s>).
    return {"load_s": load_s, "seconds": seconds, "tokens": calls["units"] * args.cap, "units": calls["units"],
            "model_s": calls["model_s"], "warmup_s": warm_s}


def raw_settings(cores: int) -> list[tuple[int, int, int]]:
    """(inter_threads, intra_threads, max_batch_size) candidates for the ceiling."""
    found = {(cores, 1, 8), (cores, 1, 16), (1, cores, 16), (max(1, cores // 2), 2, 16)}
    return sorted(found)


def worker_raw(args, tokens: list[list[str]]) -> dict:
    import ctranslate2

    cores = len(os.sched_getaffinity(0))
    loaded: dict = {}

    def translator(inter: int, intra: int):
        if (inter, intra) not in loaded:
            t = time.perf_counter()
            loaded[(inter, intra)] = (ctranslate2.Translator(args.ct2_dir, device="cpu", inter_threads=inter,
                                                             intra_threads=intra), time.perf_counter() - t)
        return loaded[(inter, intra)][0]

    def run(setting, batch):
        inter, intra, mbs = setting
        t = time.perf_counter()
        results = translator(inter, intra).translate_batch(
            batch, beam_size=args.beams, max_decoding_length=args.cap - 1, max_batch_size=mbs, max_input_length=0)
        # + 1 per hypothesis: the end token transformers spends its last step on
        return time.perf_counter() - t, sum(len(r.hypotheses[0]) + 1 for r in results)

    if args.setting:  # chosen by an earlier probe run, so this process's peak RSS is its own
        best = tuple(int(x) for x in args.setting.split("/"))
        timings = {}
    else:
        probe = tokens[: min(len(tokens), 48)]
        timings = {}
        for setting in raw_settings(cores):
            run(setting, probe[:4])  # warm-up
            seconds, n = run(setting, probe)
            timings[setting] = n / seconds
        best = max(timings, key=timings.get)
        if args.probe_only:
            return {"setting": "%d/%d/%d" % best, "probe_tok_s": {"%d/%d/%d" % k: round(v) for k, v in timings.items()}}
    run(best, tokens[:4])  # warm-up
    seconds, n = run(best, tokens)
    return {"load_s": loaded[best[:2]][1], "seconds": seconds, "tokens": n, "units": len(tokens),
            "setting": "inter_threads=%d intra_threads=%d max_batch_size=%d" % best,
            "probe_tok_s": {"%d/%d/%d" % k: round(v) for k, v in timings.items()}}


def worker(args) -> None:
    work = Path(args.work)
    if args.contender == "raw-ct2":
        result = worker_raw(args, json.loads((work / "tokens.json").read_text(encoding="utf-8")))
    else:
        paragraphs = json.loads((work / "paragraphs.json").read_text(encoding="utf-8"))
        if args.contender == "naive":
            result = worker_naive(args, paragraphs)
        else:
            result = worker_bitext(args, paragraphs, "transformers" if args.contender == "bitext-tf" else "ctranslate2")
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


# ----------------------------------------------------------------------------------------- driver

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_contender(name: str, args, facts: dict, ct2_dir: str) -> dict:
    cmd = [sys.executable, __file__, "worker", "--contender", name, "--work", facts["work"], "--beams",
           str(args.beams), "--cap", str(args.cap), "--unit", args.unit, "--ct2-dir", ct2_dir]
    cmd += ["--batch-size", str(args.batch_size)] if args.batch_size else [] + (["--profile"] if args.profile and name.startswith("bitext") else [])
    if name == "raw-ct2":
        cmd += ["--setting", args.setting] if args.setting else ["--probe-only"]
    wait_until_quiet(args.max_wait)
    env = dict(os.environ, BITEXT_CACHE_DIR=str(BITEXT_CACHE), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    before, cpu_before = cpu_snapshot(), _children_cpu()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    after, cpu_after = cpu_snapshot(), _children_cpu()
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-4000:]}")
    if args.profile and name.startswith("bitext"):
        (CACHE / f"profile-{name}.txt").write_text(done.stderr, encoding="utf-8")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if name == "raw-ct2" and not args.setting:  # the probe: remember the best layout, then measure
        args.setting = result["setting"]
        print(f"raw CTranslate2 probe (tok/s per inter/intra/max_batch_size): {result['probe_tok_s']}; "
              f"using {args.setting}", flush=True)
        return run_contender(name, args, facts, ct2_dir)
    result["tok_s"] = result["tokens"] / result["seconds"]
    # CPU share other processes took while this contender ran: its numbers are only as good as this is low.
    own = (cpu_after - cpu_before) / max(1e-9, (after[0] - before[0]) * (os.cpu_count() or 1))
    result["others_busy"] = max(0.0, busy_share(before, after) - own)
    result["para_s"] = result["units"] / result["seconds"]
    if result["units"] != facts["paragraphs"]:
        print(f"warning: {name} translated {result['units']} units for {facts['paragraphs']} paragraphs", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", default="run", choices=("run", "worker"))
    parser.add_argument("--paragraphs", type=int, default=None, help="Paragraphs to translate (default 40; quick 24).")
    parser.add_argument("--beams", type=int, default=4, help="Beam size for every contender (bitext's default: 4).")
    parser.add_argument("--cap", type=int, default=None, help="Generated tokens per paragraph (default 48; quick 32).")
    parser.add_argument("--rounds", type=int, default=None, help="Interleaved rounds; medians are reported (default 2; quick 1).")
    parser.add_argument("--batch-size", type=int, default=None, help="bitext --batch-size (default: bitext's own).")
    parser.add_argument("--unit", default="paragraph", choices=("paragraph", "sentence"),
                        help="What one bitext model call translates; 'paragraph' gives every contender the same inputs.")
    parser.add_argument("--quick", action="store_true", help="Fewer paragraphs, one round: about 2 minutes.")
    parser.add_argument("--only", default=",".join(CONTENDERS), help="Comma-separated subset of contenders.")
    parser.add_argument("--profile", action="store_true", help="cProfile the bitext contenders into bench/.cache/.")
    parser.add_argument("--max-wait", type=float, default=60.0,
                        help="Seconds to wait for a quiet machine before each contender (the box may be shared).")
    parser.add_argument("--json", type=Path, help="Also write the raw results here.")
    # worker-only
    parser.add_argument("--contender", choices=CONTENDERS)
    parser.add_argument("--work")
    parser.add_argument("--ct2-dir")
    parser.add_argument("--setting", help="raw-ct2 thread layout inter/intra/max_batch_size (default: probe)")
    parser.add_argument("--probe-only", action="store_true")
    args = parser.parse_args()
    if args.mode == "worker":
        return worker(args)

    args.paragraphs = args.paragraphs or (24 if args.quick else 40)
    args.cap = args.cap or (32 if args.quick else 48)
    rounds = args.rounds or (1 if args.quick else 2)
    contenders = [c for c in args.only.split(",") if c]
    started = time.perf_counter()
    CACHE.mkdir(exist_ok=True)
    t = time.perf_counter()
    build()
    facts = prepare(args.paragraphs)
    ct2_dir = ensure_conversion()
    print(f"model {MODEL_DIR.relative_to(REPO)} ready; {facts['paragraphs']} paragraphs, {facts['chars_mean']} chars "
          f"and {facts['src_tokens_mean']} source tokens on average (max {facts['src_tokens_max']}); beams={args.beams}, "
          f"{args.cap} generated tokens per paragraph; {os.cpu_count()} CPUs; setup {time.perf_counter() - t:.0f} s",
          flush=True)
    results: dict[str, list[dict]] = {c: [] for c in contenders}
    for r in range(rounds):
        order = contenders[r % len(contenders):] + contenders[:r % len(contenders)]
        for name in order:
            res = run_contender(name, args, facts, ct2_dir)
            results[name].append(res)
            extra = f"  [{res['setting']}]" if "setting" in res else ""
            print(f"round {r + 1} {LABELS[name]:<40} {res['tok_s']:8.1f} tok/s {res['para_s']:7.2f} para/s "
                  f"{res['seconds']:7.1f} s  load {res['load_s']:4.1f} s  peak RSS {res['peak_rss_mb']:5.0f} MB  "
                  f"others {res['others_busy']:4.0%} CPU{extra}",
                  flush=True)

    summary = {}
    print()
    print("| contender | tokens/s | paragraphs/s | peak RSS MB | load s |")
    print("|---|---|---|---|---|")
    for name in contenders:
        runs = results[name]
        row = {k: statistics.median(r[k] for r in runs) for k in ("tok_s", "para_s", "peak_rss_mb", "load_s")}
        summary[name] = row
        print(f"| {LABELS[name]} | {row['tok_s']:.1f} | {row['para_s']:.2f} | {row['peak_rss_mb']:.0f} | "
              f"{row['load_s']:.1f} |")
    for name in ("bitext-tf", "bitext-ct2"):
        if name in results:
            runs = results[name]
            share = statistics.median(1 - r["model_s"] / r["seconds"] for r in runs)
            warm = statistics.median(r["warmup_s"] for r in runs)
            print(f"{LABELS[name]}: {share:.1%} of the time outside backend.translate (ingest, glossary, "
                  f"batching, alignment, writing); warm-up document {warm:.2f} s (one-time imports, lexicon, "
                  f"templates, first model call; not timed)")
    if "naive" in summary and "bitext-tf" in summary:
        print(f"transformers backend alone: {summary['bitext-tf']['tok_s'] / summary['naive']['tok_s']:.2f}x the naive loop")
    print(f"total {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"facts": facts, "args": vars(args), "runs": results}, indent=2, default=str))
    if {"naive", "bitext-ct2", "raw-ct2"} <= summary.keys():
        x = summary["bitext-ct2"]["tok_s"] / summary["naive"]["tok_s"]
        y = summary["bitext-ct2"]["tok_s"] / summary["raw-ct2"]["tok_s"]
        print(f"speedup_vs_naive={x:.2f} ct2_efficiency={y:.2f}")


if __name__ == "__main__":
    main()
