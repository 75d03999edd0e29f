"""The tokenizer side of every backend: token counts, the input limit, language codes, pieces in and out.

Two implementations of one small interface:
- ``HFTokenizer`` wraps transformers' AutoTokenizer and works for any model.
- ``MarianPieces`` does exactly what transformers 5's MarianTokenizer does (OPUS-MT models) with
  sentencepiece and vocab.json alone. The CTranslate2 backend uses it so that an int8 run never
  imports transformers, which imports torch (~250 MB of resident memory for nothing: CTranslate2
  decodes without torch). MarianTokenizer does not apply its Moses punctuation normaliser when
  encoding (``normalize`` is never called on that path), so neither does this.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Protocol

from bitext.translate.backends.base import GenerationOptions
from bitext.translate.backends.model_source import CONVERSION_FILE, ModelSource
from bitext.core.errors import ModelUnavailable

# Per-tokenizer language codes for multilingual models; Marian zh→en models need none.
LANGUAGE_CODES = {
    "Nllb": ("zho_Hans", "eng_Latn"),
    "M2M100": ("zh", "en"),
    "MBart": ("zh_CN", "en_XX"),
}
_NO_LIMIT = 100_000  # tokenizers store "no limit" as a huge model_max_length
SPIECE_UNDERLINE = "\u2581"


class Tokenizer(Protocol):
    model_max_length: int
    target_prefix: list[str] | None  # tokens every output must start with (NLLB/M2M language code)

    def count(self, texts: list[str]) -> list[int]:
        """Source-side token counts, special tokens included."""

    def encode(self, texts: list[str]) -> list[list[str]]:
        """Source pieces, special tokens included (what CTranslate2 takes)."""

    def decode(self, rows: list[list[str]]) -> list[str]:
        """Target pieces to text, special tokens dropped, stripped."""


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _positions(config: dict, side: str) -> int | None:
    """Size of the model's encoder (``side`` "source") or decoder ("target") position table, if it has one.

    fairseq-style configs name each side (``max_source_positions``/``max_target_positions``); most name
    one table for both (``max_position_embeddings``); a composite model keeps it in its sub-config."""
    sub = config.get("encoder" if side == "source" else "decoder")
    for cfg in (config, sub if isinstance(sub, dict) else {}):
        for key in (f"max_{side}_positions", "max_position_embeddings"):
            value = cfg.get(key)
            if isinstance(value, int) and value > 0:
                return value
    return None


def output_limit(config: dict) -> int | None:
    """Most positions the decoder has (decoder start token included), or None for no fixed table."""
    return _positions(config, "target")


def input_limit(tokenizer_limit: int | None, config: dict) -> int | None:
    """Longest input in tokens: the tokenizer's limit, bounded by the model's position table."""
    positions = _positions(config, "source") or tokenizer_limit
    limit = tokenizer_limit
    if not limit or limit > _NO_LIMIT:
        limit = positions
    return int(min(limit, positions)) if limit else None


def load_tokenizer(source: ModelSource, options: GenerationOptions, *, light: bool = False) -> Tokenizer:
    """``light``: prefer the torch-free Marian tokenizer when the model's files allow it exactly."""
    if light and not (options.src_lang or options.tgt_lang) and MarianPieces.supports(source.path):
        return MarianPieces(source.path)
    return HFTokenizer(source, options)


# ------------------------------------------------------------------------------ transformers


def load_hf_tokenizer(source: ModelSource):
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    # Length warnings from counting are expected (that is how chunking finds long inputs).
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        return AutoTokenizer.from_pretrained(source.path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f"cannot load the tokenizer of '{source.name}' from {source.path}: "
                               f"{str(exc).splitlines()[0]}") from None


class HFTokenizer:
    def __init__(self, source: ModelSource, options: GenerationOptions):
        self.hf = load_hf_tokenizer(source)
        self.model_max_length = self.hf.model_max_length
        self.target_token = self._language_setup(source, options)
        self.target_prefix = [self.target_token] if self.target_token else None

    def _language_setup(self, source: ModelSource, options: GenerationOptions) -> str | None:
        """Set the source language on NLLB/M2M-style tokenizers; return the target-language token."""
        codes = next((c for prefix, c in LANGUAGE_CODES.items() if type(self.hf).__name__.startswith(prefix)), None)
        if codes is None and not (options.src_lang or options.tgt_lang):
            return None
        src = options.src_lang or (codes[0] if codes else None)
        tgt = options.tgt_lang or (codes[1] if codes else None)
        if src and hasattr(self.hf, "src_lang"):
            self.hf.src_lang = src
        if tgt is None:
            return None
        token_id = self.hf.convert_tokens_to_ids(tgt)
        if token_id is None or token_id == self.hf.unk_token_id:
            raise ModelUnavailable(f"target language code '{tgt}' is not in the vocabulary of '{source.name}'")
        return tgt

    @property
    def forced_bos_id(self) -> int | None:
        return None if self.target_token is None else self.hf.convert_tokens_to_ids(self.target_token)

    def count(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self.hf(texts, add_special_tokens=True)["input_ids"]]

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [self.hf.convert_ids_to_tokens(ids) for ids in self.hf(texts, add_special_tokens=True)["input_ids"]]

    def decode(self, rows: list[list[str]]) -> list[str]:
        return [self.hf.decode(self.hf.convert_tokens_to_ids(row), skip_special_tokens=True).strip() for row in rows]


# ------------------------------------------------------------------------------ Marian, torch-free


def _content(token) -> str | None:
    return token.get("content") if isinstance(token, dict) else token


class MarianPieces:
    """MarianTokenizer's encode and decode for a shared source/target vocabulary (OPUS-MT)."""

    FILES = ("source.spm", "target.spm", "vocab.json")

    @classmethod
    def supports(cls, path: Path) -> bool:
        """True when the directory holds a plain Marian tokenizer whose behaviour this reproduces.

        Anything rarer (separate vocabularies, sampling options, added tokens with strip rules, extra
        special tokens) goes to the transformers tokenizer instead."""
        config = read_json(path / "tokenizer_config.json")
        if config.get("tokenizer_class", "MarianTokenizer") != "MarianTokenizer":
            return False
        model_type = (read_json(path / "config.json").get("model_type")
                      or read_json(path / CONVERSION_FILE).get("model_config", {}).get("model_type"))
        if model_type != "marian":
            return False
        if not all((path / name).is_file() for name in cls.FILES) or (path / "added_tokens.json").exists():
            return False
        if config.get("separate_vocabs") or config.get("sp_model_kwargs") or config.get("split_special_tokens"):
            return False
        if config.get("additional_special_tokens") or config.get("extra_special_tokens"):
            return False
        if read_json(path / "special_tokens_map.json").get("additional_special_tokens"):
            return False
        added = config.get("added_tokens_decoder") or {}
        return all(not (t.get("lstrip") or t.get("rstrip") or t.get("single_word")) for t in added.values())

    def __init__(self, path: Path):
        import sentencepiece

        config = read_json(path / "tokenizer_config.json")
        special_map = read_json(path / "special_tokens_map.json")
        self.encoder: dict[str, int] = read_json(path / "vocab.json")
        self.decoder = {i: piece for piece, i in self.encoder.items()}

        def special(name: str, default: str) -> str:
            return _content(config.get(name)) or _content(special_map.get(name)) or default

        self.unk, self.eos, self.pad = special("unk_token", "<unk>"), special("eos_token", "</s>"), special("pad_token", "<pad>")
        if self.unk not in self.encoder:
            raise ModelUnavailable(f"{path / 'vocab.json'} has no {self.unk} token")
        # Added tokens are matched in the raw text before SentencePiece sees it, as transformers does.
        self.added: dict[str, int] = {t["content"]: int(i) for i, t in (config.get("added_tokens_decoder") or {}).items()}
        for token in (self.eos, self.unk, self.pad):
            if token in self.encoder:
                self.added.setdefault(token, self.encoder[token])
        self.added_decoder = {i: t for t, i in self.added.items()}
        specials = {self.eos, self.unk, self.pad} | {
            t["content"] for t in (config.get("added_tokens_decoder") or {}).values() if t.get("special")}
        self.special_ids = {self._id(t) for t in specials}
        self._split = re.compile("(" + "|".join(map(re.escape, sorted(self.added, key=len, reverse=True))) + ")")
        self.source_spm = sentencepiece.SentencePieceProcessor(model_file=str(path / "source.spm"))
        # transformers 5 decodes a shared vocabulary with the source model (use_source_tokenizer defaults
        # to `not separate_vocabs`); pieces that model does not know come out verbatim either way.
        self.decode_spm = self.source_spm
        self.clean_up = bool(config.get("clean_up_tokenization_spaces", False))
        self.model_max_length = int(config.get("model_max_length", 512))
        self.target_prefix = None

    def _id(self, token: str) -> int:
        i = self.added.get(token)
        return i if i is not None else self.encoder.get(token, self.encoder[self.unk])

    def _token(self, i: int) -> str:
        token = self.added_decoder.get(i)
        return token if token is not None else self.decoder[i]

    def _pieces(self, text: str) -> list[str]:
        out: list[str] = []
        for part in self._split.split(text) if self.added else [text]:
            if not part:
                continue
            if part in self.added:
                out.append(part)
                continue
            if part.startswith(">>") and (end := part.find("<<")) != -1:  # a >>lang<< code stays one piece
                out.append(part[:end + 2])
                part = part[end + 2:]
            out.extend(self.source_spm.encode(part, out_type=str))
        return out

    def ids(self, text: str) -> list[int]:
        return [self._id(p) for p in self._pieces(text)] + [self._id(self.eos)]

    def count(self, texts: list[str]) -> list[int]:
        return [len(self.ids(t)) for t in texts]

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [[self._token(i) for i in self.ids(t)] for t in texts]

    def decode(self, rows: list[list[str]]) -> list[str]:
        out = []
        for row in rows:
            pieces = [self._token(i) for i in map(self._id, row) if i not in self.special_ids]
            text = self.decode_spm.decode_pieces(pieces).replace(SPIECE_UNDERLINE, " ").strip()
            out.append(_clean_up(text).strip() if self.clean_up else text)
        return out


def _clean_up(text: str) -> str:
    """transformers' clean_up_tokenization (only when the tokenizer config asks for it)."""
    for a, b in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                 (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
        text = text.replace(a, b)
    return text
