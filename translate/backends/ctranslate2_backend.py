"""Backend: CTranslate2 (int8 by default), converted once from the transformers model and cached.

It behaves like TransformersBackend: the same Hugging Face tokenizer counts and splits the input, the
same cap on generated tokens applies, the same language codes start NLLB/M2M output. Only decoding
moves to CTranslate2, which on a CPU is several times faster and needs a quarter of the memory.
"""

from __future__ import annotations

import json
import math
import os
from typing import NamedTuple

from translate.backends.base import GenerationOptions
from translate.backends.convert import check_quantization, ensure_converted, import_ctranslate2
from translate.backends.model_source import ModelSource
from translate.errors import BitextError, ModelUnavailable
from translate.backends.transformers_backend import LANGUAGE_CODES

# Measured on 2 cores (Xeon, AVX-512 VNNI), opus-mt-zh-en shape, int8: 2 workers × 1 thread on
# half-batches decodes 1,759 tok/s greedy against 634 for 1 worker × 2 threads; the per-step matrix
# products are too small to split across threads, so cores go to workers first. Each worker wants a
# sub-batch of at least this many inputs to keep its matrix products efficient.
MIN_SUB_BATCH = 8


class ThreadPlan(NamedTuple):
    workers: int  # CTranslate2 inter_threads: sub-batches decoded in parallel
    threads: int  # CTranslate2 intra_threads: threads inside one sub-batch

    def sub_batch(self, n: int) -> int:
        """max_batch_size that hands every worker a share of an n-input call."""
        return max(1, math.ceil(n / self.workers))


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


def generation_caps(options: GenerationOptions, lengths: list[int]) -> list[int]:
    """Most tokens each input may generate (TransformersBackend.caps): relative to its own length,
    so a looping model stops early."""
    return [min(options.max_new_tokens, int(n * options.max_length_ratio) + 10) for n in lengths]


class CTranslate2Backend:
    name = "ctranslate2"

    def __init__(self, source: ModelSource, options: GenerationOptions | None = None, *, device: str = "auto",
                 threads: int | None = None, workers: int | None = None, quantization: str = "int8"):
        ctranslate2 = import_ctranslate2()
        self.source = source
        self.options = options or GenerationOptions()
        self.quantization = check_quantization(quantization)
        self.conversion = ensure_converted(source, quantization)
        self.tokenizer = _load_tokenizer(source)
        self._config = _read_json(source.path / "config.json")
        self._target_prefix = self._language_setup()
        self.device = _pick_device(device, ctranslate2)
        self.plan = plan_threads(available_cores(), self.options.batch_size, self.device,
                                 threads=threads, workers=workers)
        try:
            self.translator = ctranslate2.Translator(
                str(self.conversion.path), device=self.device, compute_type="default",
                inter_threads=self.plan.workers, intra_threads=self.plan.threads)
        except (RuntimeError, ValueError) as exc:
            raise ModelUnavailable(f"CTranslate2 cannot load {self.conversion.path}: {str(exc).splitlines()[0]}. "
                                   f"Delete that directory to convert again.") from None
        self.generated_tokens = 0  # running total, for progress and benchmark reporting

    def _language_setup(self) -> list[str] | None:
        """Target prefix (a language-code token) for NLLB/M2M-style models; None for Marian."""
        codes = next((c for prefix, c in LANGUAGE_CODES.items()
                      if type(self.tokenizer).__name__.startswith(prefix)), None)
        if codes is None and not (self.options.src_lang or self.options.tgt_lang):
            return None
        src = self.options.src_lang or (codes[0] if codes else None)
        tgt = self.options.tgt_lang or (codes[1] if codes else None)
        if src and hasattr(self.tokenizer, "src_lang"):
            self.tokenizer.src_lang = src
        if tgt is None:
            return None
        token_id = self.tokenizer.convert_tokens_to_ids(tgt)
        if token_id is None or token_id == self.tokenizer.unk_token_id:
            raise ModelUnavailable(f"target language code '{tgt}' is not in the vocabulary of '{self.source.name}'")
        return [tgt]

    @property
    def identity(self) -> str:
        return f"ctranslate2-{self.quantization}:{self.source.identity}"

    @property
    def max_input_tokens(self) -> int:
        limit = self.tokenizer.model_max_length
        positions = self._config.get("max_position_embeddings") or limit
        if not limit or limit > 100_000:  # the tokenizer's "no limit" sentinel
            limit = positions
        return int(min(limit, positions))

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(texts, add_special_tokens=True)["input_ids"]]

    def translate(self, texts: list[str]) -> list[str]:
        results = [""] * len(texts)
        # An empty source has no translation; a model given one only hallucinates.
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return results
        ids = self.tokenizer([texts[i] for i in todo], add_special_tokens=True)["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(row) for row in ids]
        # Same caps as TransformersBackend: each input may keep cap - 1 generated tokens (the cap-th is
        # where transformers forces </s>), whatever else shares its batch. Decoding runs to the largest
        # cap once and each hypothesis is cut to its own, which is exactly what greedy search alone
        # would have produced.
        caps = generation_caps(self.options, [len(row) for row in ids])
        hypotheses = self.translator.translate_batch(
            tokens,
            target_prefix=[self._target_prefix] * len(tokens) if self._target_prefix else None,
            beam_size=self.options.beams,
            max_decoding_length=max(1, max(caps) - 1),
            max_input_length=0,  # chunking already made every input fit; never truncate silently
            max_batch_size=self.plan.sub_batch(len(tokens)),
        )
        for i, result, cap in zip(todo, hypotheses, caps):
            best = result.hypotheses[0][:max(0, cap - 1)]
            self.generated_tokens += len(best) + 1  # + the end token (or the forced one)
            out_ids = self.tokenizer.convert_tokens_to_ids(best)
            results[i] = self.tokenizer.decode(out_ids, skip_special_tokens=True).strip()
        return results


def _load_tokenizer(source: ModelSource):
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # count_tokens on over-long inputs warns; chunking expects them
    try:
        return AutoTokenizer.from_pretrained(source.path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f"cannot load the tokenizer of '{source.name}' from {source.path}: "
                               f"{str(exc).splitlines()[0]}") from None


def _read_json(path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _pick_device(device: str, ctranslate2) -> str:
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device not in ("cpu", "cuda"):
        raise BitextError(f"CTranslate2 runs on 'cpu' or 'cuda', not '{device}'; use --backend transformers "
                          f"for other devices")
    return device
