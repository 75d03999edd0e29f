"""The `bitext` command line: a thin Typer layer over the library.

Heavy libraries (torch, transformers, ctranslate2) are imported inside commands, never here, so
`bitext --help` answers instantly.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.core.version import __version__
from bitext.cli.errors import fail, report
from bitext.core.errors import EXIT_SOME_FAILED, BitextError

EXIT_CODES_HELP = (
    "Exit codes: 0 all inputs done; 1 some inputs failed or had nothing to translate; "
    "2 usage or input-format error (bad option, malformed glossary/TMX); 3 model unavailable; "
    "4 output not writable; 130 interrupted (rerun the same command to resume)."
)

app = typer.Typer(
    name="bitext",
    help="Translate Chinese official and Party-press writing into English, enforce the political glossary, "
         "align sentences, and write TMX / side-by-side HTML / TSV / JSONL.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bitext {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """bitext: Chinese→English translation with glossary enforcement, alignment, TMX and HTML."""


def _sigterm_as_interrupt(*_args) -> None:
    raise KeyboardInterrupt


@app.command("translate", epilog=EXIT_CODES_HELP)
def translate_command(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .md) or folders; '-' reads stdin.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder.")] = Path("outputs"),
    formats: Annotated[str, typer.Option("--format", "-f",
                                         help="Comma-separated: tmx,html,txt,tsv,jsonl,moses.")] = "tmx,html,txt",
    model: Annotated[str, typer.Option(help="Hub id or local model folder.")] = "Helsinki-NLP/opus-mt-zh-en",
    backend: Annotated[str, typer.Option(help="transformers | ctranslate2 (needs bitext[fast]).")] = "transformers",
    device: Annotated[str, typer.Option(help="cpu | cuda | mps | auto.")] = "auto",
    beams: Annotated[int, typer.Option(min=1, help="Beam size (1 = greedy).")] = 4,
    batch_size: Annotated[Optional[int], typer.Option(min=1, help="Segments per model call (default: 16; ctranslate2: 16 per worker).")] = None,
    threads: Annotated[Optional[int], typer.Option(min=1, help="CPU threads per model call.")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Parallel model replicas (ctranslate2).")] = None,
    src_lang: Annotated[Optional[str], typer.Option(help="Model source language code (NLLB/M2M), e.g. zho_Hans.")] = None,
    tgt_lang: Annotated[Optional[str], typer.Option(help="Model target language code (NLLB/M2M), e.g. eng_Latn.")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g",
                                                           help="Extra glossary (TSV/CSV/TBX); repeatable, later wins.")] = None,
    no_builtin_glossary: Annotated[bool, typer.Option(help="Do not load the built-in term base.")] = False,
    glossary_mode: Annotated[str, typer.Option(help="enforce | check (only flag) | off.")] = "enforce",
    tm: Annotated[Optional[list[Path]], typer.Option("--tm", help="Translation memory (TMX) for exact matches; repeatable.")] = None,
    keep_furniture: Annotated[bool, typer.Option(help="Also translate page furniture (date lines, editor credits).")] = False,
    unit: Annotated[str, typer.Option(help="sentence | paragraph: what one model call translates.")] = "sentence",
    embed_model: Annotated[str, typer.Option(help="use | none: the sentence encoder that realigns --unit paragraph output (see bitext align).")] = "use",
    segmentation: Annotated[str, typer.Option(help="bitext | omegat sentence rules (omegat: TMX matches OmegaT's segments).")] = "bitext",
    tmx_level: Annotated[str, typer.Option(help="sentence | paragraph | both.")] = "sentence",
    src_tag: Annotated[str, typer.Option(help="Source language tag in TMX/HTML.")] = "zh-CN",
    tgt_tag: Annotated[str, typer.Option(help="Target language tag in TMX/HTML.")] = "en-US",
    convert_traditional: Annotated[bool, typer.Option(help="Match terms and translate Traditional Chinese as Simplified (OpenCC); outputs keep the original text.")] = False,
    no_cache: Annotated[bool, typer.Option(help="Neither read nor write the segment cache.")] = False,
    report: Annotated[Optional[Path], typer.Option(help="Write the run summary as JSON here.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Report each file's encoding and script.")] = False,
) -> None:
    """Translate Chinese documents into English: one output set per input file."""
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.pipeline import TranslateOptions, UNITS
    from bitext.translate.runner import RunOptions, check_inputs_exist
    from bitext.cli.progress import run_with_progress

    try:
        check_inputs_exist(inputs)
        _choice("--glossary-mode", glossary_mode, ("enforce", "check", "off"))
        _choice("--unit", unit, UNITS)
        _choice("--embed-model", embed_model, ("use", "none"))
        if unit == "paragraph" and embed_model == "use":
            from bitext.align.score.encoder import check_encoder

            check_encoder()
        _choice("--segmentation", segmentation, ("bitext", "omegat"))
        _choice("--tmx-level", tmx_level, ("sentence", "paragraph", "both"))
        _choice("--device", device, ("auto", "cpu", "cuda", "mps"))
        options = RunOptions(
            out_dir=output, formats=tuple(formats.split(",")), model=model, backend=backend, device=device,
            threads=threads, workers=workers,
            generation=GenerationOptions(beams=beams, batch_size=batch_size, src_lang=src_lang, tgt_lang=tgt_lang),
            translate=TranslateOptions(glossary_mode=glossary_mode, keep_furniture=keep_furniture, unit=unit,
                                       segmentation=segmentation, convert_traditional=convert_traditional,
                                       embed_model=None if embed_model == "none" else embed_model),
            glossary_files=tuple(str(g) for g in glossary or ()), builtin_glossary=not no_builtin_glossary,
            tm_files=tuple(str(t) for t in tm or ()), use_cache=not no_cache,
            tmx_level=tmx_level, src_lang_tag=src_tag, tgt_lang_tag=tgt_tag,
        )
        summary = run_with_progress(inputs, options, verbose=verbose)
    except BitextError as exc:
        raise fail(exc) from None
    except KeyboardInterrupt:
        typer.echo("bitext: interrupted. Every finished segment is in the cache: run the same command again "
                   "to resume.", err=True)
        raise typer.Exit(130) from None
    if report:
        from bitext.writers.atomic import write_text
        from bitext.cli.progress import summary_json

        try:
            write_text(report, json.dumps(summary_json(summary), ensure_ascii=False, indent=2))
        except BitextError as exc:
            raise fail(exc) from None
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _choice(option: str, value: str, allowed) -> None:
    if value not in allowed:
        raise BitextError(f"{option} must be one of {', '.join(allowed)}, not {value!r}")


def _register_subcommands() -> None:
    from bitext.cli.align import align_command
    from bitext.cli.eval import eval_command
    from bitext.cli.glossary import app as glossary_app
    from bitext.cli.model import app as model_app

    app.command("align", epilog=EXIT_CODES_HELP)(align_command)
    app.command("eval")(eval_command)
    app.add_typer(glossary_app, name="glossary")
    app.add_typer(model_app, name="model")


_register_subcommands()


def main() -> None:
    # SIGTERM (a batch scheduler, `kill`) ends a run like Ctrl-C: temporary files are removed and the
    # cache keeps every finished segment.
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    try:
        app()
    except BitextError as exc:  # raised outside a command body (e.g. while parsing options)
        report(exc)
        sys.exit(exc.exit_code)
