"""The `bitext` command line: a thin Typer layer over the library.

Heavy libraries (torch, transformers, ctranslate2) are imported inside commands, never here, so
`bitext --help` answers instantly.
"""

from __future__ import annotations

import json
import signal
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.command import Command, Group
from bitext.cli.errors import report as report_error
from bitext.cli.options import (MAX_LENGTH_RATIO_HELP, MAX_NEW_TOKENS_HELP, BuiltinGlossary, GlossaryFiles)
from bitext.core.choices import (OUTPUT_FORMATS, STREAM_FORMATS, BackendName, Device, EmbedChoice, EngineName, GlossaryMode, Segmentation,
                                 TmxLevel, Unit)
from bitext.core.errors import EXIT_SOME_FAILED, BitextError
from bitext.core.version import __version__
from bitext.translate.backends.base import GenerationOptions
from bitext.translate.backends.model_source import DEFAULT_MODEL

EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit codes: 0 all inputs done; 1 some inputs failed or had nothing to translate; "
    "2 usage or input-format error (bad option, malformed glossary/TMX); 3 model unavailable; "
    "4 output not writable; 130 interrupted (rerun the same command to resume)."
)
FORMATS_HELP = ", ".join(OUTPUT_FORMATS)
_GENERATION = GenerationOptions()

app = typer.Typer(
    name="bitext",
    cls=Group,
    help="Translate Chinese official and Party-press writing into English, enforce the political glossary, "
         "align sentences, and write TMX / side-by-side HTML / TSV / JSONL.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
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


@app.command("translate", cls=Command, epilog=EXIT_CODES_HELP)
def translate_command(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Files (.txt, .md), folders, or - for stdin.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR",
                                         help="Output folder; - writes the English to stdout "
                                              f"(with -f {' or '.join(STREAM_FORMATS)}).")] = Path("outputs"),
    formats: Annotated[str, typer.Option("-f", "--format", metavar="FORMATS",
                                         help=f"Comma-separated, from: {FORMATS_HELP}.")] = "tmx,html,txt",
    model: Annotated[str, typer.Option(metavar="MODEL", help="Hub id or local model folder.")] = DEFAULT_MODEL,
    backend: Annotated[BackendName, typer.Option(help="ctranslate2 needs bitext[fast].")] = "transformers",
    device: Annotated[Device, typer.Option(help="Where the model runs.")] = "auto",
    beams: Annotated[int, typer.Option(min=1, metavar="N", help="Beam size (1 = greedy).")] = _GENERATION.beams,
    batch_size: Annotated[Optional[int], typer.Option(min=1, metavar="N", help="Segments per model call (default: 16; ctranslate2: 16 per worker).")] = None,
    threads: Annotated[Optional[int], typer.Option(min=1, metavar="N", help="CPU threads per model call.")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, metavar="N", help="Parallel model replicas (ctranslate2); with --engine ray, translator actors (default: the cluster's CPUs / --ray-cpus-per-worker).")] = None,
    engine: Annotated[EngineName, typer.Option(help="local: this process; ray: a Ray cluster (bitext[ray]; outputs on a shared file system).")] = "local",
    ray_address: Annotated[Optional[str], typer.Option(metavar="ADDR", help="Ray cluster to use, e.g. ray://head:10001 or auto (default: start a local Ray with this machine's cores).")] = None,
    ray_cpus_per_worker: Annotated[float, typer.Option(min=0.01, metavar="N", help="CPUs each Ray translator actor reserves (and model threads it uses).")] = 1.0,
    ray_gpus_per_worker: Annotated[float, typer.Option(min=0, metavar="N", help="GPUs each Ray translator actor reserves (e.g. 1, or 0.5 to share one).")] = 0.0,
    max_new_tokens: Annotated[int, typer.Option(min=1, metavar="N", help=MAX_NEW_TOKENS_HELP)] = _GENERATION.max_new_tokens,
    max_length_ratio: Annotated[float, typer.Option(metavar="X", help=MAX_LENGTH_RATIO_HELP)] = _GENERATION.max_length_ratio,
    src_lang: Annotated[Optional[str], typer.Option(metavar="CODE", help="Model source language code (NLLB/M2M), e.g. zho_Hans.")] = None,
    tgt_lang: Annotated[Optional[str], typer.Option(metavar="CODE", help="Model target language code (NLLB/M2M), e.g. eng_Latn.")] = None,
    glossary: GlossaryFiles = None,
    builtin_glossary: BuiltinGlossary = True,
    glossary_mode: Annotated[GlossaryMode, typer.Option(help="enforce the terms, check (only flag) them, or off.")] = "enforce",
    tm: Annotated[Optional[list[Path]], typer.Option("--tm", metavar="FILE", help="Translation memory (TMX, or a post-edited XLIFF) for exact matches; repeatable.")] = None,
    keep_furniture: Annotated[bool, typer.Option(help="Also translate page furniture (date lines, editor credits).")] = False,
    unit: Annotated[Unit, typer.Option(help="What one model call translates.")] = "sentence",
    embed_model: Annotated[EmbedChoice, typer.Option(help="The sentence encoder that realigns --unit paragraph output (see bitext align).")] = "use",
    segmentation: Annotated[Segmentation, typer.Option(help="Sentence rules (omegat: TMX matches OmegaT's segments).")] = "bitext",
    tmx_level: Annotated[TmxLevel, typer.Option(help="TMX units: sentences, paragraphs, or both files.")] = "sentence",
    src_tag: Annotated[str, typer.Option(metavar="TAG", help="Source language tag in TMX/HTML.")] = "zh-CN",
    tgt_tag: Annotated[str, typer.Option(metavar="TAG", help="Target language tag in TMX/HTML.")] = "en-US",
    convert_traditional: Annotated[bool, typer.Option(help="Match terms and translate Traditional Chinese as Simplified (OpenCC); outputs keep the original text.")] = False,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Read and write the segment cache.")] = True,
    overwrite: Annotated[bool, typer.Option(help="Replace output files bitext did not write, or that were changed since it wrote them (by default such a file is kept and its document fails).")] = False,
    report: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write the run summary as JSON here (whatever the exit code).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the final line.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Report each file's encoding and script.")] = False,
) -> None:
    """Translate Chinese documents into English.

    One output set per input file in the output folder, or the English on stdout with -o -.
    """
    from bitext.translate.pipeline import TranslateOptions
    from bitext.translate.runner import STDOUT, RunOptions, RunSummary, check_inputs_exist
    from bitext.writers import parse_formats, stream_format
    from bitext.cli.progress import run_with_progress

    summary = RunSummary()
    try:
        check_inputs_exist(inputs)
        # Checked here too (the runner checks for library callers), so a bad -f fails before any progress line.
        if str(output) == STDOUT:
            stream_format(formats)
        else:
            parse_formats(formats)
        if unit == "paragraph" and embed_model == "use":
            from bitext.align.score.encoder import check_encoder

            check_encoder()
        options = RunOptions(
            out_dir=output, formats=tuple(formats.split(",")), model=model, backend=backend, device=device,
            threads=threads, workers=workers,
            generation=GenerationOptions(beams=beams, batch_size=batch_size, src_lang=src_lang, tgt_lang=tgt_lang,
                                         max_new_tokens=max_new_tokens, max_length_ratio=max_length_ratio),
            translate=TranslateOptions(glossary_mode=glossary_mode, keep_furniture=keep_furniture, unit=unit,
                                       segmentation=segmentation, convert_traditional=convert_traditional,
                                       embed_model=None if embed_model == "none" else embed_model),
            glossary_files=tuple(str(g) for g in glossary or ()), builtin_glossary=builtin_glossary,
            tm_files=tuple(str(t) for t in tm or ()), use_cache=cache,
            tmx_level=tmx_level, src_lang_tag=src_tag, tgt_lang_tag=tgt_tag, overwrite=overwrite,
        )
        ray_options = None
        if engine == "ray":
            from bitext.translate.ray_engine import RayOptions

            ray_options = RayOptions(address=ray_address, workers=workers, cpus_per_worker=ray_cpus_per_worker,
                                     gpus_per_worker=ray_gpus_per_worker)
            options = replace(options, workers=None)  # --workers counts actors; each holds one replica
        elif ray_address:
            raise BitextError("--ray-address needs --engine ray")
        run_with_progress(inputs, options, verbose=verbose, quiet=quiet, summary=summary, ray=ray_options)
        code = EXIT_SOME_FAILED if summary.failed else 0
    except BitextError as exc:
        report_error(exc)
        code, summary.error = exc.exit_code, str(exc)
    except KeyboardInterrupt:
        typer.echo("bitext: interrupted. Every finished segment is in the cache: run the same command again "
                   "to resume.", err=True)
        code, summary.error = EXIT_INTERRUPTED, "interrupted"
    except Exception as exc:  # a bug: the traceback goes out, and the report still says what was done
        summary.error = f"internal error: {exc!r}"
        if report:
            _write_report(report, summary, 1)
        raise
    if report:
        code = _write_report(report, summary, code)
    if code:
        raise typer.Exit(code)


def _write_report(path: Path, summary, code: int) -> int:
    """Write the run summary; the exit code, or 4 when the report itself cannot be written."""
    from bitext.writers.atomic import remove_stale_temporaries, write_bytes
    from bitext.cli.progress import summary_json

    summary.exit_code = code
    text = json.dumps(summary_json(summary), ensure_ascii=False, indent=2)
    remove_stale_temporaries(path.parent)  # a report write killed with SIGKILL
    try:
        # A file name that is not UTF-8 holds lone surrogates: written as JSON's \udcXX escapes.
        write_bytes(path, text.encode("utf-8", "backslashreplace"))
    except BitextError as exc:
        report_error(exc)
        return code or exc.exit_code
    return code


def _register_subcommands() -> None:
    from bitext.cli.align import align_command
    from bitext.cli.eval import eval_command
    from bitext.cli.glossary import app as glossary_app
    from bitext.cli.model import app as model_app
    from bitext.cli.tm import app as tm_app

    app.command("align", cls=Command, epilog=EXIT_CODES_HELP)(align_command)
    app.command("eval", cls=Command)(eval_command)
    app.add_typer(glossary_app, name="glossary")
    app.add_typer(model_app, name="model")
    app.add_typer(tm_app, name="tm")


_register_subcommands()


def main() -> None:
    # SIGTERM (a batch scheduler, `kill`) ends a run like Ctrl-C: temporary files are removed and the
    # cache keeps every finished segment. Errors, usage errors and a closed pipe are handled by
    # bitext.cli.command.Group, so the in-process test runner sees them the same way.
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    app()
