"""`bitext model …`: convert a model for the CTranslate2 backend, and show what bitext knows about one.

Only Typer at import time: torch, transformers and ctranslate2 load inside the commands that need them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from bitext.cli.command import Command
from bitext.cli.errors import fail
from bitext.core.choices import Quantization
from bitext.core.errors import BitextError

app = typer.Typer(help="Convert models for CTranslate2 and inspect them.\n\nModels are hub ids or local "
                       "folders; nothing is downloaded unless the hub is reachable.",
                  no_args_is_help=True)

ModelArg = Annotated[str, typer.Argument(metavar="MODEL",
                                         help="Hub id (e.g. Helsinki-NLP/opus-mt-zh-en) or local model folder.")]


@app.command(cls=Command)
def convert(
    model: ModelArg,
    quantization: Annotated[Quantization, typer.Option("--quantization", "-q",
                                                       help="int8 is the fastest and smallest.")] = "int8",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="DIR",
                                                   help="Write here instead of the bitext cache.")] = None,
    force: Annotated[bool, typer.Option(help="Convert again even if a conversion exists.")] = False,
) -> None:
    """Convert MODEL for --backend ctranslate2.

    Without -o the result is cached and reused by --backend ctranslate2.
    """
    from bitext.translate.backends.convert import check_quantization, directory_size, ensure_converted
    from bitext.translate.backends.model_source import resolve_model

    try:
        check_quantization(quantization)
        source = resolve_model(model)
        result = ensure_converted(source, quantization, output, force=force)
    except BitextError as exc:
        raise fail(exc) from None
    size = directory_size(result.path) / 2**20
    if result.converted:
        typer.echo(f"converted {model} ({quantization}) in {result.seconds:.1f} s → {result.path} ({size:,.1f} MB)")
    else:
        typer.echo(f"already converted: {result.path} ({quantization}, {size:,.1f} MB); --force converts again")


@app.command(cls=Command)
def info(
    model: ModelArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show where MODEL resolves and what bitext knows of it.

    Its fingerprint, type, size estimate, input limit and cached CTranslate2 conversions; no model
    is loaded.
    """
    from bitext.translate.backends.model_source import resolve_model

    try:
        source = resolve_model(model)
    except BitextError as exc:
        raise fail(exc) from None
    facts = describe(source)
    if as_json:
        typer.echo(json.dumps(facts, ensure_ascii=False, indent=2))
        return
    for key in ("model", "path", "fingerprint", "type", "architecture", "parameters", "vocab_size",
                "max_input_tokens", "ctranslate2"):
        typer.echo(f"{key + ':':<18}{facts[key]}")
    if not facts["conversions"]:
        typer.echo(f"{'conversions:':<18}none (bitext model convert {model})")
    for c in facts["conversions"]:
        typer.echo(f"{'conversion:':<18}{c['quantization']:<13}{c['size_mb']:>8,.1f} MB  {c['path']}")


def describe(source) -> dict:
    """Facts about a resolved model, read from its files (no model is loaded)."""
    from bitext.translate.backends.convert import cached_conversions, directory_size, read_metadata

    from bitext.translate.backends.tokenizer import input_limit

    config = source.config()
    tokenizer = _json(source.path / "tokenizer_config.json")
    return {
        "model": source.name,
        "path": str(source.path),
        "fingerprint": source.fingerprint,
        "type": config.get("model_type", "unknown"),
        "architecture": ", ".join(config.get("architectures") or []) or "unknown",
        "parameters": _parameters(config),
        "vocab_size": config.get("vocab_size"),
        "max_input_tokens": input_limit(tokenizer.get("model_max_length"), config),
        "ctranslate2": _ctranslate2_version(),
        "conversions": [
            {"quantization": read_metadata(p).get("quantization", p.name.rsplit("-", 1)[-1]), "path": str(p),
             "size_mb": round(directory_size(p) / 2**20, 1)}
            for p in cached_conversions(source)
        ],
    }


def _parameters(config: dict) -> str:
    """Rough transformer-size estimate, so a user sees at a glance which model this is."""
    d, ffn = config.get("d_model"), config.get("encoder_ffn_dim")
    layers = (config.get("encoder_layers") or 0) + (config.get("decoder_layers") or 0)
    vocab = config.get("vocab_size")
    if not (d and ffn and layers and vocab):
        return "unknown"
    enc, dec = config.get("encoder_layers", 0), config.get("decoder_layers", 0)
    per_layer = 4 * d * d + 2 * d * ffn
    total = enc * per_layer + dec * (per_layer + 4 * d * d) + vocab * d
    return f"≈{total / 1e6:.0f} M" if total >= 1e7 else f"≈{total / 1e6:.2f} M"


def _ctranslate2_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ctranslate2")
    except PackageNotFoundError:
        return "not installed (pip install 'bitext[fast]')"


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
