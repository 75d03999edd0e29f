"""``bitext align ZH EN``: align a Chinese document with an English translation made elsewhere.

A thin layer over :func:`bitext.translate.align_run.align_files`: options in, one line per document out.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.errors import fail
from bitext.cli.options import MAX_LENGTH_RATIO_HELP, MAX_NEW_TOKENS_HELP
from bitext.core.choices import OUTPUT_FORMATS, BackendName, Segmentation
from bitext.core.errors import EXIT_SOME_FAILED, BitextError
from bitext.translate.backends.base import GenerationOptions

_GENERATION = GenerationOptions()


def align_command(
    zh: Annotated[Path, typer.Argument(metavar="ZH", help="Chinese file, or folder of Chinese files.")],
    en: Annotated[Path, typer.Argument(metavar="EN", help="English file, or folder of English files paired by name.")],
    output: Annotated[Path, typer.Option("-o", "--output", "--out", metavar="DIR", help="Output folder.")] = Path("outputs"),
    formats: Annotated[str, typer.Option("-f", "--format", metavar="FORMATS",
                                         help=f"Comma-separated, from: {', '.join(OUTPUT_FORMATS)}.")] = "tmx,html,txt",
    presegmented: Annotated[Optional[bool], typer.Option(
        "--presegmented/--no-presegmented",
        help="One sentence per line on both sides (default: detected per document, and said).")] = None,
    mt: Annotated[Optional[str], typer.Option("--mt", metavar="FILE|DIR|SUFFIX", help="English MT of the Chinese, one line per source line: a file, a folder (paired by name) or a suffix such as .trans (src/001 → src/001.trans).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", metavar="MODEL", help="Translate the Chinese with this MT model (name or folder) and use the MT as alignment evidence.")] = None,
    backend: Annotated[BackendName, typer.Option("--backend", help="Backend for --model.")] = "transformers",
    max_new_tokens: Annotated[int, typer.Option(min=1, metavar="N", help=f"{MAX_NEW_TOKENS_HELP} With --model.")] = _GENERATION.max_new_tokens,
    max_length_ratio: Annotated[float, typer.Option(metavar="X", help=f"{MAX_LENGTH_RATIO_HELP} With --model.")] = _GENERATION.max_length_ratio,
    embed_model: Annotated[str, typer.Option("--embed-model", metavar="use|none|minilm|DIR", help="Sentence embeddings: 'use' compares the Chinese with the English through the packaged multilingual encoder (no MT needed); 'none' aligns without embeddings; 'minilm' or a sentence-transformers folder compares MT with the English (needs --mt or --model).")] = "use",
    segmentation: Annotated[Segmentation, typer.Option("--segmentation", help="Chinese sentence rules.")] = "bitext",
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace output files bitext did not write, or that were changed since it wrote them.")] = False,
) -> None:
    """Align a Chinese text with its English translation.

    Two files, or two folders whose files are paired by name; one output set per pair.
    """
    from bitext.translate.align_run import AlignRunOptions, align_files

    def report(f) -> None:
        how = " (one sentence per line: aligned as --presegmented)" if f.detected else ""
        typer.echo(f"{f.zh.name}: {f.zh_sentences} zh / {f.en_sentences} en sentences{how} -> {f.beads} beads "
                   f"({f.low_confidence} low confidence) -> {', '.join(str(o) for o in f.outputs)}")

    def warn(failed) -> None:
        typer.echo(f"bitext: warning: {failed.message}", err=True)

    try:
        if mt and model:
            raise BitextError("give --mt or --model, not both")
        options = AlignRunOptions(out_dir=output, formats=tuple(formats.split(",")), presegmented=presegmented,
                                  mt=mt, embed_model=None if embed_model == "none" else embed_model, segmentation=segmentation, model=model,
                                  overwrite=overwrite)
        translator = None
        if model:
            from bitext.translate.engine import load_translator

            generation = GenerationOptions(max_new_tokens=max_new_tokens, max_length_ratio=max_length_ratio)
            translator = load_translator(model, backend=backend, generation=generation)
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
               f"{summary.low_confidence} low confidence, {summary.unaligned} sentences unaligned -> {output}"
               + (f"; {len(summary.failed)} not aligned (see the warnings)" if summary.failed else ""))
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
