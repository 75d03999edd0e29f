"""Backend: CTranslate2 (int8 by default), converted once from the transformers model and cached.

It behaves like TransformersBackend: the same tokenization counts and splits the input, the same cap
on generated tokens applies, the same language codes start NLLB/M2M output. Only decoding moves to
CTranslate2, which on a CPU is several times faster and needs a quarter of the memory. For Marian
models (OPUS-MT) the tokenizer is the torch-free one in tokenizer.py, so this backend never imports
torch; other models use the transformers tokenizer.
"""

from __future__ import annotations

import math
import os
import time
from collections import deque
from typing import NamedTuple

from bitext.translate.backends.base import GenerationOptions
from bitext.translate.backends.convert import Conversion, check_quantization, ensure_converted, import_ctranslate2
from bitext.translate.backends.model_source import ModelSource
from bitext.translate.backends.tokenizer import input_limit, load_tokenizer, output_limit
from bitext.core.errors import BitextError, ModelUnavailable

# Measured on 2 cores (Xeon, AVX-512 VNNI), opus-mt-zh-en shape, int8: 2 workers × 1 thread on
# half-batches decodes 1,759 tok/s greedy against 634 for 1 worker × 2 threads; the per-step matrix
# products are too small to split across threads, so cores go to workers first. Each worker wants a
# sub-batch of at least this many inputs to keep its matrix products efficient.
MIN_SUB_BATCH = 8
# Segments per call: enough that every worker gets full sub-batches and a document's last, partial
# batch is rare (decoding memory does not grow with it: see DECODE_TOKENS).
BATCH_PER_WORKER = 16
# Decoding memory of one worker grows with (padded source tokens × beams): beam search keeps the
# encoder output and every layer's cross-attention keys and values for each beam, ~100 KB per source
# token at beam 4 for opus-mt's shape. Sub-batches are cut at this many source tokens × beams, so a
# worker needs ~100 MB whatever the batch size; on 2 cores, 40 paragraphs of ~160 tokens at beam 4,
# this kept the int8 run under 500 MB at the speed of sub-batches of 8 paragraphs (measured).
DECODE_TOKENS = 4096
# How often the main thread looks whether a sub-batch is done (a signal interrupts the wait at once).
POLL_S = 0.005


class ThreadPlan(NamedTuple):
    workers: int  # CTranslate2 inter_threads: sub-batches decoded in parallel
    threads: int  # CTranslate2 intra_threads: threads inside one sub-batch

    def sub_batch(self, n: int) -> int:
        """max_batch_size that hands every worker a share of an n-input call."""
        return max(1, math.ceil(n / self.workers))

    def sub_batch_tokens(self, lengths: list[int], beams: int) -> int:
        """max_batch_size in (padded) source tokens: every worker gets a share of the call, and no
        sub-batch holds more than DECODE_TOKENS source tokens × beams, the longest input excepted."""
        longest = max(lengths, default=1)
        share = self.sub_batch(len(lengths)) * longest
        return max(longest, min(share, DECODE_TOKENS // max(1, beams)))


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def plan_threads(cores: int, batch_size: int, device: str = "cpu", *, threads: int | None = None,
                 workers: int | None = None) -> ThreadPlan:
    """Workers first (one per core, while each still gets MIN_SUB_BATCH inputs), the rest as threads."""
    if device != "cpu":
        return ThreadPlan(workers or 1, threads or 1)
    cores = max(1, cores)
    if workers is None:
        workers = max(1, min(cores, batch_size // MIN_SUB_BATCH))
        if threads:
            workers = max(1, min(workers, cores // threads))
    if threads is None:
        threads = max(1, cores // workers)
    return ThreadPlan(workers, threads)


class CTranslate2Backend:
    name = "ctranslate2"

    def __init__(self, source: ModelSource, options: GenerationOptions | None = None, *, device: str = "auto",
                 threads: int | None = None, workers: int | None = None, quantization: str = "int8"):
        ctranslate2 = import_ctranslate2()
        self.source = source
        self.options = options or GenerationOptions()
        self.quantization = check_quantization(source.converted or quantization)
        if source.converted:  # already a CTranslate2 folder (`bitext model convert -o DIR`)
            self.conversion = Conversion(source.path, self.quantization, converted=False, seconds=0.0)
        else:
            self.conversion = ensure_converted(source, quantization)
        self.tokenizer = load_tokenizer(source, self.options, light=True)
        self._limit = input_limit(self.tokenizer.model_max_length, source.config())
        self._positions = output_limit(source.config())
        self.device = _pick_device(device, ctranslate2)
        cores = available_cores()
        self.plan = plan_threads(cores, self.options.batch_size or BATCH_PER_WORKER * cores, self.device,
                                 threads=threads, workers=workers)
        self.batch_size = BATCH_PER_WORKER * self.plan.workers  # the engine's call size when the user sets none
        try:
            self.translator = ctranslate2.Translator(
                str(self.conversion.path), device=self.device, compute_type="default",
                inter_threads=self.plan.workers, intra_threads=self.plan.threads)
        except (RuntimeError, ValueError) as exc:
            raise ModelUnavailable(f"CTranslate2 cannot load {self.conversion.path}: {str(exc).splitlines()[0]}. "
                                   f"Delete that directory to convert again.") from None
        self.generated_tokens = 0  # running total, for progress and benchmark reporting

    @property
    def identity(self) -> str:
        return f"ctranslate2-{self.quantization}:{self.source.identity}"

    @property
    def max_input_tokens(self) -> int:
        return self._limit

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.tokenizer.count(texts)

    def translate(self, texts: list[str]) -> list[str]:
        results = [""] * len(texts)
        # An empty source has no translation; a model given one only hallucinates.
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return results
        tokens = self.tokenizer.encode([texts[i] for i in todo])
        # Same caps as TransformersBackend: each input may keep cap - 1 generated tokens (the cap-th is
        # where transformers forces </s>), whatever else shares its batch. Decoding runs to the largest
        # cap once and each hypothesis is cut to its own, which is exactly what greedy search alone
        # would have produced.
        caps = self.options.caps([len(row) for row in tokens], self._positions)
        hypotheses = self._decode(tokens, max_decoding_length=max(1, max(caps) - 1))
        best = [result.hypotheses[0][:max(0, cap - 1)] for result, cap in zip(hypotheses, caps)]
        self.generated_tokens += sum(len(row) + 1 for row in best)  # + the end token (or the forced one)
        for i, text in zip(todo, self.tokenizer.decode(best)):
            results[i] = text
        return results


    def _decode(self, tokens: list[list[str]], *, max_decoding_length: int) -> list:
        """translate_batch over sub-batches, at most one per worker in flight, waiting in Python.

        One translate_batch call of the whole batch would hold the main thread in C++ until the last
        sub-batch is done, and Ctrl-C or SIGTERM only act when it returns (minutes on a slow model).
        Here the main thread waits in short sleeps, where a signal interrupts it at once; the sub-batches
        already running finish in the background (one per worker) and nothing more is started.
        """
        prefix = self.tokenizer.target_prefix
        limit = self.plan.sub_batch_tokens([len(row) for row in tokens], self.options.beams)
        pending = deque(sub_batches([len(row) for row in tokens], limit))
        running: list[tuple[list[int], list]] = []
        results: list = [None] * len(tokens)
        while pending or running:
            while pending and len(running) < self.plan.workers:
                group = pending.popleft()
                running.append((group, self.translator.translate_batch(
                    [tokens[i] for i in group],
                    target_prefix=[prefix] * len(group) if prefix else None,
                    beam_size=self.options.beams,
                    max_decoding_length=max_decoding_length,
                    max_input_length=0,  # chunking already made every input fit; never truncate silently
                    asynchronous=True,
                )))
            finished = [job for job in running if all(r.done() for r in job[1])]
            if not finished:
                time.sleep(POLL_S)
                continue
            for job in finished:
                running.remove(job)
                for i, r in zip(*job):
                    results[i] = r.result()
        return results


def sub_batches(lengths: list[int], limit: int) -> list[list[int]]:
    """Indices grouped as CTranslate2's own batch_type="tokens" does: longest first, each group's
    lengths adding up to at most ``limit`` (a longer input alone)."""
    groups: list[list[int]] = []
    size = 0
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if groups and size + lengths[i] <= limit:
            groups[-1].append(i)
            size += lengths[i]
        else:
            groups.append([i])
            size = lengths[i]
    return groups


def _pick_device(device: str, ctranslate2) -> str:
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device not in ("cpu", "cuda"):
        raise BitextError(f"CTranslate2 runs on 'cpu' or 'cuda', not '{device}'; use --backend transformers "
                          f"for other devices")
    return device
