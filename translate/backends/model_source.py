"""Find a model on disk: a local directory, or a hub id already in the Hugging Face cache.

Nothing here downloads implicitly unless the hub is reachable and offline mode is off; when the model
cannot be found, the error says where it looked and how to get the model onto this machine.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from bitext.core.errors import ModelUnavailable

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".h5", ".msgpack")
CONVERSION_FILE = "bitext-conversion.json"  # written by convert.py next to a CTranslate2 model.bin
_FINGERPRINT_BYTES = 1 << 20


@dataclass(frozen=True)
class ModelSource:
    name: str  # what the user asked for
    path: Path  # local directory with config.json
    fingerprint: str  # changes when config or weights change: part of every cache key
    converted: str | None = None  # quantization, when path is a CTranslate2 folder from `bitext model convert -o`

    def config(self) -> dict:
        """The transformers config.json; for a CTranslate2 folder, the facts bitext kept from it."""
        if self.converted:
            return _json(self.path / CONVERSION_FILE).get("model_config", {})
        return _json(self.path / "config.json")

    @property
    def identity(self) -> str:
        return f"{self.name}@{self.fingerprint}"


def _offline() -> bool:
    return any(os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on")
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def how_to_get(model: str) -> str:
    return (
        f"To use it offline: on a connected machine run\n"
        f"    hf download {model} --local-dir {model.split('/')[-1]}\n"
        f"(or `python -c \"from huggingface_hub import snapshot_download; snapshot_download('{model}')\"`),\n"
        f"copy that folder here and pass --model /path/to/{model.split('/')[-1]}; or copy the whole Hugging Face "
        f"cache folder (~/.cache/huggingface/hub) to this machine, or set HF_HOME to a copy of it."
    )


def fingerprint(path: Path) -> str:
    """Hash of the config files and of each weight file's size, head and tail.

    Reading a whole 300 MB checkpoint on every run would cost more than it protects against; size plus
    first and last MiB changes whenever a checkpoint is replaced.
    """
    import hashlib  # here, not at the top: the CLI imports this module for DEFAULT_MODEL before --help

    h = hashlib.sha256()
    for f in sorted(path.iterdir()):
        if not f.is_file():
            continue
        if f.suffix == ".json" or f.name.endswith((".spm", ".model")) or f.name == "shared_vocabulary.txt":
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        elif f.suffix in WEIGHT_SUFFIXES or f.name == "model.bin":
            size = f.stat().st_size
            h.update(f"{f.name}\0{size}".encode())
            with f.open("rb") as fh:
                h.update(fh.read(_FINGERPRINT_BYTES))
                if size > _FINGERPRINT_BYTES:
                    fh.seek(max(size - _FINGERPRINT_BYTES, _FINGERPRINT_BYTES))
                    h.update(fh.read())
    return h.hexdigest()[:16]


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _check_seq2seq_dir(model: str, path: Path) -> None:
    config = path / "config.json"
    if not config.is_file():
        raise ModelUnavailable(
            f"'{path}' is not a model directory (no config.json). Pass a folder saved with "
            f"save_pretrained() or a hub id such as {DEFAULT_MODEL}.\n{how_to_get(DEFAULT_MODEL)}"
        )
    try:
        cfg = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"cannot read {config}: {exc}") from None
    if not cfg.get("is_encoder_decoder", cfg.get("model_type") in _SEQ2SEQ_TYPES):
        raise ModelUnavailable(
            f"'{model}' ({cfg.get('model_type', 'unknown type')}) is not a sequence-to-sequence translation "
            f"model; bitext needs an encoder-decoder model such as {DEFAULT_MODEL}, NLLB or M2M100."
        )
    if not any(f.suffix in WEIGHT_SUFFIXES for f in path.iterdir()):
        raise ModelUnavailable(f"'{path}' has a config.json but no weights file (*.safetensors / *.bin).")


_SEQ2SEQ_TYPES = {"marian", "m2m_100", "nllb", "nllb-moe", "mbart", "t5", "mt5", "bart", "fsmt", "pegasus", "madlad"}


def resolve_model(model: str = DEFAULT_MODEL) -> ModelSource:
    """Return the local directory of ``model`` (a path or a hub id), or raise ModelUnavailable."""
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelUnavailable(f"'{model}' is a file; --model needs a model directory or a hub id.")
        if (path / "model.bin").is_file() and (path / CONVERSION_FILE).is_file():
            quantization = _json(path / CONVERSION_FILE).get("quantization") or "int8"
            return ModelSource(model, path.resolve(), fingerprint(path), converted=quantization)
        _check_seq2seq_dir(model, path)
        return ModelSource(model, path.resolve(), fingerprint(path))
    if model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise ModelUnavailable(f"model directory '{model}' does not exist.\n{how_to_get(DEFAULT_MODEL)}")
    local = _from_hub(model)
    _check_seq2seq_dir(model, local)
    return ModelSource(model, local, fingerprint(local))


def _from_hub(model: str) -> Path:
    from huggingface_hub import constants, snapshot_download

    try:
        return Path(snapshot_download(model, local_files_only=True))
    except Exception:  # noqa: BLE001 - any miss in the cache means "not here"; we say so below
        pass
    if not _offline():
        try:
            return Path(snapshot_download(model, allow_patterns=["*.json", "*.spm", "*.model", "*.txt",
                                                                  "*.safetensors", "pytorch_model.bin"]))
        except Exception as exc:  # noqa: BLE001 - network and hub errors all mean "unavailable"
            reason = f"the model hub could not be reached ({type(exc).__name__})"
    else:
        reason = "offline mode is on (HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE)"
    raise ModelUnavailable(
        f"model '{model}' is not available: it is not a local directory, not in the Hugging Face cache "
        f"({constants.HF_HUB_CACHE}), and {reason}.\n{how_to_get(model)}"
    )
