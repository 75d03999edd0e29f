"""``bitext align ZH EN``: align a Chinese document with an English translation made elsewhere.

The lead registers :func:`align_command` on the main Typer app. ZH and EN are two files, or two
folders whose files are paired by name (MAC's ``src/001`` with ``tgt/001``). Input is read as UTF-8
text: without ``--presegmented`` every non-blank line is a paragraph; with it every non-blank line is
a sentence (blank lines are ignored). When ``translate.ingest.read_document`` lands, plug it into
:func:`_read_paragraphs` (its Document's body blocks become the paragraph list).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.errors import BitextError, InputError, OutputError


def align_command(
    zh: Annotated[Path, typer.Argument(help="Chinese file, or folder of Chinese files.")],
    en: Annotated[Path, typer.Argument(help="English file, or folder of English files paired by name.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("outputs/align"),
    presegmented: Annotated[bool, typer.Option("--presegmented", help="One sentence per line on both sides.")] = False,
    mt: Annotated[Optional[str], typer.Option("--mt", help="English MT of the Chinese, one line per source line: a file, a folder (paired by name) or a suffix such as .trans (src/001 → src/001.trans).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Comma-separated output formats: beads, tmx, html, tsv, …")] = "beads",
    segmentation: Annotated[str, typer.Option("--segmentation", help="Chinese sentence rules: bitext or omegat.")] = "bitext",
) -> None:
    """Align sentences of a Chinese text and its English translation."""
    try:
        _run(zh, en, out, presegmented, mt, formats, segmentation)
    except BitextError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(e.exit_code) from None


def _run(zh: Path, en: Path, out: Path, presegmented: bool, mt: str | None, formats: str, segmentation: str) -> None:
    from align.aligner import AlignOptions, align_documents
    from align.segments import FLAG_LOW_CONFIDENCE, AlignedDocument

    if segmentation not in ("bitext", "omegat"):
        raise BitextError(f"--segmentation must be bitext or omegat, not {segmentation!r}")
    names = [f.strip().lower() for f in formats.split(",") if f.strip()] or ["beads"]
    opts = AlignOptions(segmentation=segmentation)
    for zh_path, en_path, mt_path in pair_inputs(zh, en, mt):
        zh_pars = _read_paragraphs(zh_path)
        en_pars = _read_paragraphs(en_path)
        mt_pars = _read_paragraphs(mt_path) if mt_path else None
        if mt_pars is not None and len(mt_pars) != len(zh_pars):
            raise InputError(f"{len(mt_pars)} MT lines for {len(zh_pars)} Chinese lines in {zh_path}", path=str(mt_path))
        paragraphs = align_documents(zh_pars, en_pars, mt_paragraphs=mt_pars, options=opts, presegmented=presegmented)
        doc = AlignedDocument(name=zh_path.stem, paragraphs=paragraphs, source_path=str(zh_path), target_path=str(en_path))
        written = _write(doc, out, names)
        beads = [b for p in paragraphs for b in p.beads]
        low = sum(1 for b in beads if FLAG_LOW_CONFIDENCE in b.flags)
        n_zh = sum(len(p.src_sentences) for p in paragraphs)
        n_en = sum(len(p.tgt_sentences) for p in paragraphs)
        typer.echo(f"{zh_path.name}: {n_zh} zh / {n_en} en sentences -> {len(beads)} beads "
                   f"({low} low confidence) -> {', '.join(str(w) for w in written)}")


def pair_inputs(zh: Path, en: Path, mt: str | None) -> list[tuple[Path, Path, Path | None]]:
    if not zh.exists():
        raise InputError("no such file or folder", path=str(zh))
    if not en.exists():
        raise InputError("no such file or folder", path=str(en))
    if zh.is_dir() != en.is_dir():
        raise InputError(f"ZH and EN must both be files or both folders ({zh}, {en})")
    if not zh.is_dir():
        return [(zh, en, _mt_for(zh, mt, single=True))]
    suffix = mt if mt and not Path(mt).exists() else None
    pairs = []
    for f in sorted(zh.iterdir()):
        if not f.is_file() or f.name.startswith(".") or (suffix and f.name.endswith(suffix)):
            continue
        partner = en / f.name
        if not partner.is_file():
            continue
        if suffix and not f.with_name(f.name + suffix).is_file():
            typer.echo(f"skipped {f.name}: no MT file {f.name + suffix}", err=True)
            continue
        pairs.append((f, partner, _mt_for(f, mt, single=False)))
    if not pairs:
        raise InputError(f"no file in {zh} has a partner of the same name in {en}")
    return pairs


def _mt_for(zh_file: Path, mt: str | None, *, single: bool) -> Path | None:
    if not mt:
        return None
    p = Path(mt)
    if p.is_dir():
        cand = p / zh_file.name
    elif p.is_file() and single:
        return p
    else:
        cand = zh_file.with_name(zh_file.name + mt)  # a suffix: src/001 + .trans
    if not cand.is_file():
        raise InputError(f"no MT file for {zh_file} (looked for {cand})", path=str(cand))
    return cand


def _read_paragraphs(path: Path) -> list[str]:
    """Non-blank lines of a UTF-8 text file (BOM and trailing blanks removed)."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError("binary file, expected UTF-8 text", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 ({e.reason})", path=str(path), line=line) from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _write(doc, out: Path, names: list[str]) -> list[Path]:
    from align.writers.beads import write_beads

    try:
        written = []
        others = [n for n in names if n != "beads"]
        if "beads" in names:
            written.append(write_beads(doc, out, doc.name))
        if others:
            try:
                from align.writers import write_outputs
            except ImportError:
                raise BitextError(f"formats {', '.join(others)} need align.writers, which is not installed; use --format beads") from None
            written += write_outputs(doc, out, others)
        return written
    except OSError as e:
        raise OutputError(f"cannot write output: {e.strerror}", path=str(e.filename or out)) from None


if __name__ == "__main__":  # handy for development: python -m align.cli ZH EN
    app = typer.Typer(add_completion=False)
    app.command()(align_command)
    app(sys.argv[1:])
