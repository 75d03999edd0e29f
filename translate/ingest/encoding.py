"""Decode input bytes: BOMs first, then strict UTF-8, then charset-normalizer among Chinese encodings.

One rule for NUL, wherever it is: text has no NUL character. NUL bytes are the high bytes of UTF-16
text (with or without a byte-order mark); anywhere else, and as a character in whatever was decoded,
a NUL marks a binary file or damaged text (a crash can leave a file padded with zero bytes), and the
file is reported with the line of the first NUL rather than translated with parts silently missing.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from bitext.core.errors import InputError

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


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM: NULs (the high bytes of ASCII characters) all on one side.

    Chinese text has few ASCII characters, so the NULs may be rare; what marks it is that they sit
    at even offsets only (big-endian) or odd offsets only (little-endian). Binary data has both.
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if min(even, odd) * 50 > max(even, odd) or len(data) % 2:
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec, "surrogatepass")
    except UnicodeDecodeError:
        return None
    return Decoded(text, codec) if plausibility(text) > 0.9 else None


def _is_expected(ch: str) -> bool:
    return (" " <= ch <= "~" or ch in "\n\r\t" or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027" or ch in "·—…“”‘’《》★☆"
            or "\u25a0" <= ch <= "\u25ff")  # geometric shapes: ▲ ■ ● open photo captions


def plausibility(text: str) -> float:
    """Share of characters that Chinese text is made of: Han, CJK and full-width punctuation, ASCII.

    Wrong guesses decode to Hangul, rare CJK extensions or Latin-1 symbols, so they score low.
    """
    if not text:
        return 1.0
    return sum(map(_is_expected, text)) / len(text)


def decode(data: bytes, label: str) -> Decoded:
    decoded = _decode(data, label)
    nul = decoded.text.find("\x00")
    if nul >= 0:
        raise _binary(label, decoded.text.count("\n", 0, nul) + 1, f"a NUL character (in {decoded.encoding} text)")
    return decoded


def _binary(label: str, line: int, what: str) -> InputError:
    return InputError(f"holds {what}: a binary file, or text damaged by zero bytes; text files have none "
                      f"(if this one is text, remove them, e.g. `tr -d '\\000'`)", path=label, line=line)


def _decode(data: bytes, label: str) -> Decoded:
    # surrogatepass: a lone surrogate (from a UTF-16 editor or a JavaScript export) is one bad
    # character, not a bad file; normalize_text removes it and counts it.
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec, "surrogatepass"), codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {codec} byte-order mark but is not valid {codec} "
                                 f"(byte {exc.start})", path=label) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise _binary(label, data.count(b"\n", 0, nul) + 1, "a NUL byte")
    try:
        return Decoded(data.decode("utf-8", "surrogatepass"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
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
    line = data[:utf8_error.start].count(b"\n") + 1
    raise InputError(f"cannot be decoded as UTF-8, UTF-16, GB18030/GBK or Big5 (first invalid UTF-8 byte "
                     f"0x{data[utf8_error.start]:02x}); convert it to UTF-8 "
                     "(e.g. `iconv -f <encoding> -t utf-8`)", path=label, line=line)
