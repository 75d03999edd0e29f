"""Tell Simplified from Traditional Chinese, and convert Traditional to Simplified (OpenCC)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _han(text: str) -> list[str]:
    return [c for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"]


def detect_script(text: str, sample: int = 20000) -> str:
    """'simplified', 'traditional', 'mixed' or 'none' (no Han characters)."""
    han = _han(text[:sample])
    if not han:
        return "none"
    s = "".join(han)
    to_simplified = sum(a != b for a, b in zip(s, _converter("t2s").convert(s)))
    to_traditional = sum(a != b for a, b in zip(s, _converter("s2t").convert(s)))
    # Most characters are the same in both scripts; what matters is which conversion has work to do.
    if to_simplified > max(2, 0.02 * len(han)) and to_simplified > 2 * to_traditional:
        return "traditional"
    if to_simplified > max(2, 0.02 * len(han)):
        return "mixed"
    return "simplified"


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)
