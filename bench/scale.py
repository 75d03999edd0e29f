"""Documents per second: the local engine against `--engine ray` with 2 actors, same 40 documents.

    python bench/scale.py                  # 40 documents of 6 paragraphs (~18 sentences, ~1,500 characters)
    python bench/scale.py --paragraphs 3   # shorter documents: Ray's fixed start-up weighs more

The model is opus-mt-zh-en's exact shape with random weights (bench/build_bench_model.py), run on
CTranslate2 int8 (the backend a batch job uses on CPU), sentence units (the default); every sentence
generates exactly --cap tokens (random weights never emit </s>), beam 4, no segment cache, glossary
check on. Both runs include
loading the model (each Ray actor loads its own); Ray's own start (`ray.init` of a local Ray with
the machine's cores) is timed apart and reported both ways. Each round waits (up to a minute) for
the shared machine to go quiet before each contender; medians over the rounds. The local run uses the whole machine
(CTranslate2's own thread layout); Ray runs 2 actors of 1 CPU each, one model replica per actor.

Last line: `local_docs_per_s=… ray_docs_per_s=… overhead_pct=… overhead_with_start_pct=… ray_start_s=…`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]

from build_bench_model import CACHE, MODEL_DIR, build  # noqa: E402
from translate_speed import ensure_conversion, is_body, make_paragraphs, wait_until_quiet  # noqa: E402

DOCUMENTS = 40


def write_documents(folder: Path, paragraphs_per_doc: int) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paragraphs = [p for p in make_paragraphs(DOCUMENTS * paragraphs_per_doc + 40) if is_body(p)]
    for d in range(DOCUMENTS):
        chunk = paragraphs[d * paragraphs_per_doc:(d + 1) * paragraphs_per_doc]
        (folder / f"article{d:03d}.txt").write_text("\n\n".join(chunk) + "\n", encoding="utf-8")
    return DOCUMENTS * paragraphs_per_doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=6, help="Paragraphs per document.")
    parser.add_argument("--cap", type=int, default=48, help="Generated tokens per paragraph.")
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="Interleaved local/Ray rounds (medians).")
    args = parser.parse_args()

    build()
    os.environ["BITEXT_CACHE_DIR"] = str(CACHE / "bitext-cache")  # before Ray starts: its workers inherit it
    ensure_conversion()
    import ray

    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.pipeline import TranslateOptions
    from bitext.translate.ray_engine import RayOptions, start_ray, translate_files_ray
    from bitext.translate.runner import RunOptions, translate_files

    work = CACHE / "scale"
    paragraphs = write_documents(work / "docs", args.paragraphs)

    def options(out: str) -> RunOptions:
        shutil.rmtree(work / out, ignore_errors=True)
        return RunOptions(out_dir=work / out, model=str(MODEL_DIR), backend="ctranslate2", use_cache=False,
                          generation=GenerationOptions(beams=4, max_new_tokens=args.cap, max_length_ratio=1000.0),
                          translate=TranslateOptions(glossary_mode="check"))

    print(f"{DOCUMENTS} documents, {paragraphs} paragraphs, {args.cap} generated tokens per sentence, beam 4, "
          f"CTranslate2 int8; {os.cpu_count()} CPUs; {args.rounds} interleaved rounds", flush=True)
    ray_options = RayOptions(workers=args.actors, cpus_per_worker=1)
    local_times, ray_times, starts, sentences = [], [], [], 0
    for round_ in range(args.rounds):
        busy = wait_until_quiet(60)
        started = time.perf_counter()
        local = translate_files([str(work / "docs")], options("out-local"))
        local_times.append(time.perf_counter() - started)
        assert not local.failed, local.failed
        sentences = local.model_calls
        print(f"round {round_ + 1}: local {local_times[-1]:.1f} s (busy share before {busy:.0%})", flush=True)

        busy = wait_until_quiet(60)
        started = time.perf_counter()
        start_ray(ray_options)  # a fresh local Ray each round, as a command-line run starts one
        starts.append(time.perf_counter() - started)
        distributed = translate_files_ray([str(work / "docs")], options("out-ray"), ray_options)
        ray.shutdown()
        ray_times.append(time.perf_counter() - started - starts[-1])
        assert not distributed.failed and distributed.model_calls == sentences
        print(f"round {round_ + 1}: ray {ray_times[-1]:.1f} s after a {starts[-1]:.1f} s Ray start "
              f"(busy share before {busy:.0%})", flush=True)
    local_s, run_s, start_s = (statistics.median(x) for x in (local_times, ray_times, starts))
    print(f"medians: local {local_s:.1f} s, {DOCUMENTS / local_s:.3f} documents/s; ray ({args.actors} actors) "
          f"{run_s:.1f} s, {DOCUMENTS / run_s:.3f} documents/s, {DOCUMENTS / (run_s + start_s):.3f} with the "
          f"{start_s:.1f} s Ray start; {sentences} sentences")
    print(f"local_docs_per_s={DOCUMENTS / local_s:.3f} ray_docs_per_s={DOCUMENTS / run_s:.3f} "
          f"overhead_pct={100 * (run_s / local_s - 1):.1f} "
          f"overhead_with_start_pct={100 * ((run_s + start_s) / local_s - 1):.1f} ray_start_s={start_s:.1f} "
          f"sentences_per_s_per_core={sentences / local_s / os.cpu_count():.2f}")


if __name__ == "__main__":
    main()
