"""Decode input bytes: BOMs first, then strict UTF-8, then charset-normalizer among Chinese encodings."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from translate.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings Chinese text realistically arrives in; letting the detector choose among all of them
# turns short GBK files into Cyrillic or Latin-1 garbage.
_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that decoded it, e.g. "utf-8", "utf-8-sig", "gb18030", "utf-16"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" not in sample:
        return False
    # UTF-16 without BOM has NULs in every other byte of ASCII text; that is text, not binary.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return not (max(even, odd) > len(sample) // 4 and min(even, odd) < len(sample) // 50)


def _is_expected(ch: str) -> bool:
    return (" " <= ch <= "~" or ch in "\n\r\t" or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027" or ch in "·—…“”‘’《》")


def plausibility(text: str) -> float:
    """Share of characters that Chinese text is made of: Han, CJK and full-width punctuation, ASCII.

    Wrong guesses decode to Hangul, rare CJK extensions or Latin-1 symbols, so they score low.
    """
    if not text:
        return 1.0
    return sum(map(_is_expected, text)) / len(text)


def decode(data: bytes, label: str) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {codec} byte-order mark but is not valid {codec} "
                                 f"(byte {exc.start})", path=label) from None
    if _looks_binary(data):
        raise InputError("looks like a binary file, not text", path=label)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # charset-normalizer proposes; Chinese plausibility decides (its own ranking favours UTF-16 on
    # short GBK files).
    guesses = [(plausibility(str(m)), str(m), m.encoding) for m in from_bytes(data, cp_isolation=_CANDIDATES)]
    for codec in _CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        guesses.append((plausibility(text), text, codec))
    if guesses:
        score, text, codec = max(guesses, key=lambda g: g[0])
        if score > 0.9:
            return Decoded(text, codec)
    raise InputError("cannot be decoded as UTF-8, UTF-16, GB18030/GBK or Big5; convert it to UTF-8 "
                     "(e.g. `iconv -f <encoding> -t utf-8`)", path=label)
