"""The interface every translation backend implements.

A backend takes a batch of source strings that already fit its input limit and returns the same
number of strings, in order. Chunking, caching, glossary enforcement and batching policy live
outside the backends, so every backend gets them for free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bitext.core.errors import BitextError


@dataclass(frozen=True)
class GenerationOptions:
    beams: int = 4
    batch_size: int | None = None  # segments per model call; None: the backend's own default
    max_length_ratio: float = 3.0  # cap on generated tokens relative to input tokens
    max_new_tokens: int = 512
    src_lang: str | None = None  # NLLB/M2M-style language codes
    tgt_lang: str | None = None

    def __post_init__(self) -> None:
        if self.beams < 1:
            raise BitextError(f"beams must be at least 1, not {self.beams}")
        if self.batch_size is not None and self.batch_size < 1:
            raise BitextError(f"batch size must be at least 1, not {self.batch_size}")
        if self.max_new_tokens < 1:
            raise BitextError(f"max_new_tokens must be at least 1, not {self.max_new_tokens}")
        if not self.max_length_ratio > 0:
            raise BitextError(f"max_length_ratio must be above 0, not {self.max_length_ratio}")

    def cache_key(self) -> str:
        return f"beams={self.beams};ratio={self.max_length_ratio};max={self.max_new_tokens};src={self.src_lang};tgt={self.tgt_lang}"

    def caps(self, lengths: list[int], positions: int | None = None) -> list[int]:
        """Most tokens each input may generate (decoder start or end token included), for every backend.

        Relative to each input's own length, so a looping model stops early and an output never depends
        on which other inputs shared its batch; never more than ``positions``, the size of the model's
        decoder position table (a model asked to go past it fails: IndexError in transformers, "No
        position encodings" in CTranslate2)."""
        most = self.max_new_tokens if positions is None else min(self.max_new_tokens, positions)
        return [max(1, min(most, int(n * self.max_length_ratio) + 10)) for n in lengths]


DEFAULT_BATCH_SIZE = 16


class Backend(Protocol):
    name: str  # "transformers", "ctranslate2"
    batch_size: int  # segments per model call the engine sends when the user chose none

    @property
    def identity(self) -> str:
        """A string that changes whenever the model's outputs could change (name + weights hash)."""

    @property
    def max_input_tokens(self) -> int:
        """Longest source the model accepts, in its own tokens (special tokens included)."""

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source-side token counts, special tokens included."""

    def translate(self, texts: list[str]) -> list[str]:
        """Translate a batch; len(result) == len(texts), same order."""
