"""Options shared by every writer, and the small report they fill in for the run summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from translate.errors import BitextError

TMX_LEVELS = ("sentence", "paragraph", "both")


@dataclass
class WriteReport:
    """Counts for the run summary, filled in by the writers; one report may span many documents."""

    skipped_beads: int = 0  # sentence TMX: beads with an empty side (1-0, 0-1, empty after trimming)
    files: list[Path] = field(default_factory=list)
    # Characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/FFFF) removed: the total of
    # earlier documents, and the current document's count per format.
    finished_invalid: int = 0
    current_invalid: dict[str, int] = field(default_factory=dict)

    @property
    def invalid_chars_removed(self) -> int:
        """Every format carries the same text: per document the largest count, summed over documents."""
        return self.finished_invalid + max(self.current_invalid.values(), default=0)

    def record_invalid(self, fmt: str, count: int) -> None:
        self.current_invalid[fmt] = max(self.current_invalid.get(fmt, 0), count)

    def end_document(self) -> None:
        self.finished_invalid = self.invalid_chars_removed
        self.current_invalid.clear()


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
    report: WriteReport = field(default_factory=WriteReport)

    def __post_init__(self) -> None:
        if self.tmx_level not in TMX_LEVELS:
            raise BitextError(
                f"unknown TMX level {self.tmx_level!r}; choose one of: {', '.join(TMX_LEVELS)}"
            )

    def created_utc(self) -> datetime:
        when = self.created or datetime.now(timezone.utc)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc)
