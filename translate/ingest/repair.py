"""Join paragraphs that a column or page break split in two.

A body piece that does not end a sentence continues in the next body piece, even when a photo
caption or page furniture was printed between them. Headings stop the search: a heading is never
joined to body text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bitext.core.document import BlockKind
from bitext.translate.ingest.classify import is_finished

_PASS_OVER = (BlockKind.CAPTION, BlockKind.FURNITURE)


@dataclass(frozen=True)
class Piece:
    kind: BlockKind
    text: str
    line_start: int
    line_end: int
    level: int = 0
    pieces: int = 1
    lines: tuple[int, ...] = ()


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def join_text(left: str, right: str) -> str:
    """No space between Chinese characters; one space between Latin words."""
    if not left or not right or _is_cjk(left[-1]) or _is_cjk(right[0]) or left[-1] in "“‘（(《" :
        return left + right
    return left + " " + right


def _body(piece) -> bool:
    return piece.kind is BlockKind.BODY


def repair_breaks(pieces: list, joinable: Callable[[object], bool] = _body) -> list:
    """Pieces (or Blocks: anything with kind, text, line_end, pieces, lines) with broken paragraphs joined.

    ``joinable`` says which body pieces take part (Markdown: plain paragraphs, not list items or cells).
    """
    out: list = []
    pending: int | None = None  # index in `out` of an unfinished body piece
    for piece in pieces:
        if pending is not None and joinable(piece):
            head = out[pending]
            out[pending] = replace(head, text=join_text(head.text, piece.text), line_end=piece.line_end,
                                   pieces=head.pieces + piece.pieces, lines=head.lines + piece.lines)
            if is_finished(out[pending].text):
                pending = None
            continue
        if piece.kind in _PASS_OVER and pending is not None:
            out.append(piece)
            continue
        out.append(piece)
        pending = len(out) - 1 if joinable(piece) and not is_finished(piece.text) else None
    return out
