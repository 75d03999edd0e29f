"""Options shared by every writer, and what a writer returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bitext.core.choices import TMX_LEVELS
from bitext.core.errors import BitextError

_TAG_CHARS = re.compile(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*")


def is_language_tag(tag: str) -> bool:
    """True for a well-formed BCP-47 tag whose subtags are registered (IANA registry, via langcodes).

    Hyphens only: ``zh_CN`` is a locale name, not a tag, and CAT tools compare xml:lang literally."""
    if not _TAG_CHARS.fullmatch(tag):
        return False
    import langcodes

    return langcodes.tag_is_valid(tag)


@dataclass(frozen=True)
class Written:
    """What writing one document produced: the files, and how many characters XML forbids were removed.

    Every format carries the same text, so for several formats of one document the count is the
    largest of theirs, not their sum.
    """

    files: list[Path] = field(default_factory=list)
    invalid_chars_removed: int = 0

    def __add__(self, other: Written) -> Written:
        return Written(self.files + other.files, max(self.invalid_chars_removed, other.invalid_chars_removed))


@dataclass
class WriterOptions:
    tmx_level: str = "sentence"  # sentence | paragraph | both (both: <name>.tmx + <name>.para.tmx)
    src_lang: str | None = None  # None: the document's src_lang (zh-CN by default)
    tgt_lang: str | None = None  # None: the document's tgt_lang (en-US by default)
    # Untranslated page furniture (date lines, editor credits): shown dimmed in the HTML and kept as
    # source-only records in JSONL when True. TMX, TSV, Moses and TXT never carry untranslated text.
    include_furniture: bool = True
    tmx_props: bool = True  # False: no <prop>s, for CAT tools that reject unknown fields
    created: datetime | None = None  # creation date written to TMX/HTML; None: now (UTC)

    def __post_init__(self) -> None:
        if self.tmx_level not in TMX_LEVELS:
            raise BitextError(
                f"unknown TMX level {self.tmx_level!r}; choose one of: {', '.join(TMX_LEVELS)}"
            )
        bad = [f"{side} {tag!r}" for side, tag in (("source", self.src_lang), ("target", self.tgt_lang))
               if tag is not None and not is_language_tag(tag)]
        if bad:
            raise BitextError(f"not a BCP-47 language tag: {', '.join(bad)}; write tags such as zh-CN, "
                              f"zh-Hans, zh-TW, en-US or en (they go into xml:lang and file names)")

    def created_utc(self) -> datetime:
        when = self.created or datetime.now(timezone.utc)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc)
