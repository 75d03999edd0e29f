"""Sentence splitters with exact offsets (see ``common`` for the whitespace rule)."""

from bitext.align.split.common import rebuild, sentences_from_breaks
from bitext.align.split.en import split_en
from bitext.align.split.zh import split_zh


def split_text(text: str, lang: str, mode: str = "bitext"):
    """Split a paragraph in language ``lang`` ("zh…" or anything else for English)."""
    return split_zh(text, mode) if lang.lower().startswith("zh") else split_en(text)


__all__ = ["split_zh", "split_en", "split_text", "rebuild", "sentences_from_breaks"]
