"""Read a .txt or .md file (or stdin bytes) into a Document of classified, repaired blocks."""

from __future__ import annotations

from pathlib import Path

from bitext.core.document import Block, BlockKind, Document
from bitext.core.errors import InputError
from bitext.translate.ingest.classify import classify_line, is_finished, line_content, looks_like_heading
from bitext.translate.ingest.encoding import decode
from bitext.translate.ingest.normalize import normalize_text
from bitext.translate.ingest.repair import Piece, repair_breaks
from bitext.translate.ingest.script import detect_script

MARKDOWN_SUFFIXES = {".md", ".markdown"}


def read_text(path: str | Path) -> tuple[str, str, int]:
    """Decode and normalise a file: (text, encoding, removed invalid characters)."""
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=label) from None
    decoded = decode(data, label)
    text, removed = normalize_text(decoded.text)
    return text, decoded.encoding, removed


def _pieces(text: str) -> list[Piece]:
    """Plain text, line by line: newspaper pages (one paragraph a line), Markdown ``#`` headings kept."""
    pieces: list[Piece] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        _, line, level = line_content(raw)
        if not line:  # blank, or "#" / "# #": an empty Markdown heading has nothing to translate
            continue
        if level:
            pieces.append(Piece(BlockKind.HEADING, line, number, number, level=level, lines=(number,)))
        else:
            kind = classify_line(line)
            unfinished_before = (pieces and pieces[-1].kind is BlockKind.BODY and not is_finished(pieces[-1].text))
            if kind is BlockKind.HEADING and unfinished_before and looks_like_heading(line):
                # A short unpunctuated line right after a cut-off paragraph is its continuation.
                kind = BlockKind.BODY
            pieces.append(Piece(kind, line, number, number, lines=(number,)))
    return pieces


def parse_text(text: str, *, name: str, markdown: bool = False) -> list[Block]:
    if markdown:
        from bitext.translate.ingest.markdown import parse_markdown

        return parse_markdown(text)
    repaired = repair_breaks(_pieces(text))
    return [Block(i, p.kind, p.text, p.line_start, p.line_end, p.level, p.pieces, p.lines)
            for i, p in enumerate(repaired)]


def read_document(path: str | Path | None = None, *, data: bytes | None = None, name: str | None = None) -> Document:
    """Read ``path`` (or ``data`` from stdin) into a Document."""
    if path is not None:
        text, encoding, removed = read_text(path)
        label, markdown = str(path), Path(path).suffix.lower() in MARKDOWN_SUFFIXES
        name = name or Path(path).name.split(".")[0] or Path(path).stem
    else:
        label, markdown = "<stdin>", False
        decoded = decode(data or b"", label)
        text, removed = normalize_text(decoded.text)
        encoding = decoded.encoding
        name = name or "stdin"
    script = detect_script(text)
    notes: list[str] = []
    if encoding not in ("utf-8", "ascii"):
        notes.append(f"decoded as {encoding}")
    if removed:
        notes.append(f"removed {removed} invalid control character(s)")
    if script in ("traditional", "mixed"):
        notes.append(f"{script} Chinese")
    return Document(name=name, blocks=tuple(parse_text(text, name=name, markdown=markdown)), path=None if path is None else label,
                    encoding=encoding, script=script, removed_chars=removed, notes=tuple(notes),
                    lines=tuple(text.split("\n")))


def read_paragraphs(path: str | Path) -> list[str]:
    """Paragraphs of a plain text file (blank-line or line separated), for the English side of `bitext align`."""
    text, _, _ = read_text(path)
    return [line.strip() for line in text.split("\n") if line.strip()]
