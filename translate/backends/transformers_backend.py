"""Backend: Hugging Face transformers (AutoTokenizer + AutoModelForSeq2SeqLM + model.generate).

transformers 5 dropped pipeline("translation"), so this calls the tokenizer and generate directly.
"""

from __future__ import annotations

from translate.backends.base import GenerationOptions
from translate.backends.model_source import ModelSource
from translate.errors import ModelUnavailable

# Per-tokenizer language codes for multilingual models; Marian zh→en models need none.
LANGUAGE_CODES = {
    "Nllb": ("zho_Hans", "eng_Latn"),
    "M2M100": ("zh", "en"),
    "MBart": ("zh_CN", "en_XX"),
}


def pick_device(device: str) -> str:
    import torch

    if device != "auto":
        return device
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


class TransformersBackend:
    name = "transformers"

    def __init__(self, source: ModelSource, options: GenerationOptions | None = None, *,
                 device: str = "auto", threads: int | None = None):
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        # Length warnings from count_tokens are expected (that is how chunking finds long inputs), and
        # progress bars from weight loading would garble bitext's own progress display.
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self.source = source
        self.options = options or GenerationOptions()
        if threads:
            torch.set_num_threads(threads)
        self.tokenizer = AutoTokenizer.from_pretrained(source.path)
        self.model = AutoModelForSeq2SeqLM.from_pretrained(source.path)
        self.device = pick_device(device)
        self.model.to(self.device).eval()
        self._forced_bos = self._language_setup()

    def _language_setup(self) -> int | None:
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
        return token_id

    @property
    def identity(self) -> str:
        return f"transformers:{self.source.identity}"

    @property
    def max_input_tokens(self) -> int:
        limit = self.tokenizer.model_max_length
        positions = getattr(self.model.config, "max_position_embeddings", None) or limit
        if not limit or limit > 100_000:  # the tokenizer's "no limit" sentinel
            limit = positions
        return int(min(limit, positions))

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(texts, add_special_tokens=True)["input_ids"]]

    def caps(self, lengths: list[int]) -> list[int]:
        """Most tokens each input may generate: relative to its own length, so a looping model stops
        early and an output never depends on which other inputs shared its batch."""
        return [min(self.options.max_new_tokens, int(n * self.options.max_length_ratio) + 10) for n in lengths]

    def translate(self, texts: list[str]) -> list[str]:
        import torch

        if not texts:
            return []
        batch = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=False).to(self.device)
        caps = self.caps(batch["attention_mask"].sum(dim=1).tolist())
        kwargs = {"num_beams": self.options.beams, "max_new_tokens": max(caps)}
        if self._forced_bos is not None:
            kwargs["forced_bos_token_id"] = self._forced_bos
        with torch.inference_mode():
            out = self.model.generate(**batch, **kwargs)
        # Row i: decoder start token, then at most caps[i] - 1 tokens; the cap-th position is where a
        # row generated alone would have been forced to end (forced_eos_token_id).
        rows = [row[:cap] for row, cap in zip(out.tolist(), caps)]
        return [t.strip() for t in self.tokenizer.batch_decode(rows, skip_special_tokens=True)]
