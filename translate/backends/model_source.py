"""Find a model on disk: a local directory, or a hub id already in the Hugging Face cache.

Nothing here downloads implicitly unless the hub is reachable and offline mode is off; when the model
cannot be found, the error says where it looked and how to get the model onto this machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bitext.core.errors import ModelUnavailable

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".h5", ".msgpack")
CONVERSION_FILE = "bitext-conversion.json"  # written by convert.py next to a CTranslate2 model.bin


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


def public_name(model: str) -> str:
    """The name outputs record for ``model`` (a hub id or a folder), never a local absolute path.

    A hub id says which model it is; a folder's path says only where it sits on someone's disk (and
    leaks their home folder into every TMX they share), so it becomes the folder's own name plus the
    fingerprint of its config and weights: ``opus-mt-zh-en@3f2a…``.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        real = path.resolve()
        return f"{real.name}@{fingerprint(real)}"
    return model


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
    """Hash of the config and tokenizer files and of every byte of every weight file.

    Any change of any weight (a fine-tune, a merged LoRA of the same size) changes it, and with it the
    cache keys and the CTranslate2 conversion. Weights are hashed whole once; the digest is remembered
    (see :func:`weights_digest`), so a later run costs one ``stat`` per file.
    """
    import hashlib  # here, not at the top: the CLI imports this module for DEFAULT_MODEL before --help

    h = hashlib.sha256()
    for f in sorted(path.iterdir()):
        if not f.is_file():
            continue
        if f.suffix == ".json" or f.name.endswith((".spm", ".model")) or f.name == "shared_vocabulary.txt":
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        elif f.suffix in WEIGHT_SUFFIXES or f.name == "model.bin":
            h.update(f"{f.name}\0{weights_digest(f)}".encode())
    return h.hexdigest()[:16]


DIGESTS_FILE = "weights-sha256.json"  # in the cache folder: {real path: [stat identity..., sha256]}
_DIGESTS_KEPT = 256


def _stat_identity(st: os.stat_result) -> list[int]:
    # ctime changes with any write to the file and cannot be set back by a user (touch -r, cp -p and
    # rsync -t restore only mtime), so a file rewritten in place with its old size and mtime still
    # gets hashed again.
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def weights_digest(f: Path) -> str:
    """SHA-256 of a weights file, hashed in full once and then remembered while its stat is unchanged."""
    from bitext.core.paths import cache_dir

    real = f.resolve()  # the hub cache links snapshot files to shared blobs
    identity = _stat_identity(real.stat())
    store = cache_dir() / DIGESTS_FILE
    known = _json(store)
    entry = known.get(str(real))
    if isinstance(entry, list) and entry[:-1] == identity:
        return entry[-1]
    with real.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    if _stat_identity(real.stat()) == identity:  # not remembered if the file changed while being read
        known.pop(str(real), None)
        known[str(real)] = [*identity, digest]
        _save_digests(store, dict(list(known.items())[-_DIGESTS_KEPT:]))
    return digest


def _save_digests(store: Path, known: dict) -> None:
    """Written whole and renamed into place; a cache folder that cannot be written only costs a rehash."""
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{store.name}.", dir=store.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(known, fh)
        os.replace(tmp, store)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


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
