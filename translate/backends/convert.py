"""Convert a transformers translation model to CTranslate2, once, and remember where it went.

Converted models live under ``<cache dir>/ct2/<fingerprint>-<quantization>/``; the fingerprint
changes whenever the source weights or config change, so a replaced checkpoint is converted again
and an unchanged one never is. A conversion is written to a temporary sibling directory and renamed
into place, so an interrupted or concurrent conversion never leaves a half-written model behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bitext.translate.backends.model_source import CONVERSION_FILE, ModelSource
from bitext.core.choices import QUANTIZATIONS
from bitext.core.errors import BitextError, ModelUnavailable

METADATA_FILE = CONVERSION_FILE
# What the backends read from the transformers config.json, kept because CTranslate2 writes its own.
_KEPT_CONFIG = ("model_type", "max_position_embeddings", "max_source_positions", "max_target_positions",
                "is_encoder_decoder")
# Files the HF tokenizer may need; copied next to the converted weights so the directory is usable
# on its own (CTranslate2 itself only reads config.json, model.bin and the vocabulary it writes).
_TOKENIZER_FILES = (
    "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.json", "vocab.txt",
    "merges.txt", "tokenizer.json", "source.spm", "target.spm", "sentencepiece.bpe.model", "spiece.model",
    "generation_config.json",
)
FAST_EXTRA_HINT = "install it with: pip install 'bitext[fast]'  (or: pip install ctranslate2)"


@dataclass(frozen=True)
class Conversion:
    path: Path
    quantization: str
    converted: bool  # False when an existing conversion was reused
    seconds: float


def import_ctranslate2():
    try:
        import ctranslate2
    except ImportError:
        raise BitextError(f"the ctranslate2 backend needs the ctranslate2 package; {FAST_EXTRA_HINT}") from None
    return ctranslate2


def check_quantization(quantization: str) -> str:
    if quantization not in QUANTIZATIONS:
        raise BitextError(f"unknown quantization '{quantization}'; choose one of {', '.join(QUANTIZATIONS)}")
    return quantization


def conversions_root() -> Path:
    from bitext.core.paths import cache_dir

    return cache_dir() / "ct2"


def cached_path(source: ModelSource, quantization: str) -> Path:
    return conversions_root() / f"{source.fingerprint}-{quantization}"


def is_converted(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / METADATA_FILE).is_file()


def cached_conversions(source: ModelSource) -> list[Path]:
    root = conversions_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.glob(f"{source.fingerprint}-*") if is_converted(p))


def read_metadata(path: Path) -> dict:
    try:
        return json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def ensure_converted(source: ModelSource, quantization: str = "int8", output_dir: Path | None = None, *,
                     force: bool = False) -> Conversion:
    """Return a CTranslate2 copy of ``source``; convert only when none exists (or ``force``)."""
    check_quantization(quantization)
    if source.converted:
        raise BitextError(f"{source.path} is already a CTranslate2 conversion ({source.converted}); use it with "
                          f"--backend ctranslate2 --model {source.name}, or convert the original transformers model")
    target = Path(output_dir) if output_dir else cached_path(source, quantization)
    if not force and is_converted(target) and read_metadata(target).get("fingerprint") == source.fingerprint:
        return Conversion(target, quantization, converted=False, seconds=0.0)
    if target.exists() and not target.is_dir():
        raise BitextError(f"{target} is a file; the CTranslate2 conversion needs a directory")
    if target.is_dir() and any(target.iterdir()) and not is_converted(target):
        raise BitextError(f"{target} exists and is not a bitext CTranslate2 conversion; choose another -o directory "
                          f"or empty it first")
    import_ctranslate2()
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        run_converter(source, tmp, quantization)
        seconds = time.perf_counter() - started
        _write_metadata(tmp, source, quantization, seconds)
        _move_into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Conversion(target, quantization, converted=True, seconds=seconds)


def run_converter(source: ModelSource, out: Path, quantization: str) -> None:
    """The one place that calls the CTranslate2 converter (tests count calls here)."""
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    # Loading the weights would draw a progress bar across bitext's own progress display.
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    copy = [name for name in _TOKENIZER_FILES if (source.path / name).is_file()]
    try:
        TransformersConverter(str(source.path), copy_files=copy).convert(str(out), quantization=quantization,
                                                                         force=True)
    except (ValueError, NotImplementedError, KeyError) as exc:
        # The converter says which architectures it supports; pass its first line on.
        raise ModelUnavailable(f"cannot convert '{source.name}' to CTranslate2: {str(exc).splitlines()[0]}") from None


def _write_metadata(out: Path, source: ModelSource, quantization: str, seconds: float) -> None:
    import ctranslate2

    meta = {
        "source": source.name,
        "source_path": str(source.path),
        "fingerprint": source.fingerprint,
        "quantization": quantization,
        "ctranslate2": ctranslate2.__version__,
        "converted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "convert_seconds": round(seconds, 2),
        "model_config": {k: v for k, v in source.config().items() if k in _KEPT_CONFIG},
    }
    (out / METADATA_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _move_into_place(tmp: Path, target: Path) -> None:
    if target.exists():
        # Only reached for a stale or forced conversion: the old copy goes, the new one replaces it.
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return
    try:
        tmp.rename(target)
    except OSError:
        # Another process finished the same conversion first; its copy is as good as ours.
        if not is_converted(target):
            raise


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
