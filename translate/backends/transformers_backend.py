"""Backend: Hugging Face transformers (AutoTokenizer + AutoModelForSeq2SeqLM + model.generate).

transformers 5 dropped pipeline("translation"), so this calls the tokenizer and generate directly.
"""

from __future__ import annotations

from bitext.translate.backends.base import DEFAULT_BATCH_SIZE, GenerationOptions
from bitext.translate.backends.model_source import ModelSource
from bitext.translate.backends.tokenizer import HFTokenizer, input_limit, output_limit


def pick_device(device: str) -> str:
    import torch

    if device != "auto":
        return device
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def beam_cache(model):
    """The cache generate() would build, minus its costliest wasted step under beam search.

    After every step beam search reorders each layer's cached keys and values to follow the surviving
    beams. For cross-attention that copy (every layer, the whole source length, every beam: a quarter of
    all decoding time measured on opus-mt-zh-en, batch 16, beam 4) changes nothing: beams only ever
    move within their own input, and all beams of one input hold the same encoder keys and values.
    Skipping it leaves every output bit for bit the same.
    """
    from transformers.cache_utils import DynamicCache, EncoderDecoderCache

    class SameForAllBeams(DynamicCache):
        def reorder_cache(self, beam_idx) -> None:
            pass

    config = model.config.get_text_config(decoder=True)
    return EncoderDecoderCache(DynamicCache(config=config), SameForAllBeams(config=config))


class TransformersBackend:
    name = "transformers"
    batch_size = DEFAULT_BATCH_SIZE

    def __init__(self, source: ModelSource, options: GenerationOptions | None = None, *,
                 device: str = "auto", threads: int | None = None):
        import torch
        from transformers import AutoModelForSeq2SeqLM

        self.source = source
        self.options = options or GenerationOptions()
        if threads:
            torch.set_num_threads(threads)
        self.tok = HFTokenizer(source, self.options)  # also silences transformers' progress bars
        self.tokenizer = self.tok.hf
        self.model = AutoModelForSeq2SeqLM.from_pretrained(source.path)
        self.device = pick_device(device)
        self.model.to(self.device).eval()
        self._forced_bos = self.tok.forced_bos_id
        self._limit = input_limit(self.tok.model_max_length, source.config())
        self._positions = output_limit(source.config())

    @property
    def identity(self) -> str:
        return f"transformers:{self.source.identity}"

    @property
    def max_input_tokens(self) -> int:
        return self._limit

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self.tok.count(texts)

    def caps(self, lengths: list[int]) -> list[int]:
        return self.options.caps(lengths, self._positions)

    def translate(self, texts: list[str]) -> list[str]:
        import torch

        if not texts:
            return []
        batch = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=False).to(self.device)
        caps = self.caps(batch["attention_mask"].sum(dim=1).tolist())
        kwargs = {"num_beams": self.options.beams, "max_new_tokens": max(caps)}
        if self.options.beams > 1 and self.model.config.is_encoder_decoder:
            kwargs["cache"] = beam_cache(self.model)
        if self._forced_bos is not None:
            kwargs["forced_bos_token_id"] = self._forced_bos
        with torch.inference_mode():
            out = self.model.generate(**batch, **kwargs)
        # Row i: decoder start token, then at most caps[i] - 1 tokens; the cap-th position is where a
        # row generated alone would have been forced to end (forced_eos_token_id).
        rows = [row[:cap] for row, cap in zip(out.tolist(), caps)]
        return [t.strip() for t in self.tokenizer.batch_decode(rows, skip_special_tokens=True)]
