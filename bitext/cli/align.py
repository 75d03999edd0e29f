"""``bitext align ZH EN``: align a Chinese document with an English translation made elsewhere.

A thin layer over :func:`bitext.translate.align_run.align_files`: options in, one line per document out.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.errors import fail
from bitext.core.errors import BitextError


def align_command(
    zh: Annotated[Path, typer.Argument(help="Chinese file, or folder of Chinese files.")],
    en: Annotated[Path, typer.Argument(help="English file, or folder of English files paired by name.")],
    out: Annotated[Path, typer.Option("-o", "--output", "--out", help="Output folder.")] = Path("outputs"),
    presegmented: Annotated[bool, typer.Option("--presegmented", help="One sentence per line on both sides.")] = False,
    mt: Annotated[Optional[str], typer.Option("--mt", help="English MT of the Chinese, one line per source line: a file, a folder (paired by name) or a suffix such as .trans (src/001 → src/001.trans).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="Translate the Chinese with this MT model (name or folder) and use the MT as alignment evidence.")] = None,
    backend: Annotated[str, typer.Option("--backend", help="Backend for --model: transformers or ctranslate2.")] = "transformers",
    embed_model: Annotated[str, typer.Option("--embed-model", help="Sentence embeddings: 'use' compares the Chinese with the English through the packaged multilingual encoder (no MT needed); 'none' aligns without embeddings; 'minilm' or a sentence-transformers folder compares MT with the English (needs --mt or --model).")] = "use",
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated output formats: tmx, html, txt, tsv, jsonl, moses, beads.")] = "tmx,html,txt",
    segmentation: Annotated[str, typer.Option("--segmentation", help="Chinese sentence rules: bitext or omegat.")] = "bitext",
) -> None:
    """Align sentences of a Chinese text and its English translation."""
    from bitext.translate.align_run import AlignRunOptions, align_files

    def report(f) -> None:
        typer.echo(f"{f.zh.name}: {f.zh_sentences} zh / {f.en_sentences} en sentences -> {f.beads} beads "
                   f"({f.low_confidence} low confidence) -> {', '.join(str(o) for o in f.outputs)}")

    try:
        if mt and model:
            raise BitextError("give --mt or --model, not both")
        options = AlignRunOptions(out_dir=out, formats=tuple(formats.split(",")), presegmented=presegmented, mt=mt,
                                  embed_model=None if embed_model == "none" else embed_model,
                                  segmentation=segmentation, model=model)
        translator = None
        if model:
            from bitext.translate.engine import load_translator

            translator = load_translator(model, backend=backend)
        try:
            summary = align_files(zh, en, options, translator=translator, created=datetime.now(timezone.utc),
                                  on_file=report)
        finally:
            if translator is not None:
                translator.close()
    except BitextError as exc:
        raise fail(exc) from None
    typer.echo(f"aligned {len(summary.files)} document(s) ({summary.mode}): {summary.beads} beads, "
               f"{summary.low_confidence} low confidence, {summary.unaligned} sentences unaligned -> {out}")
