"""Issue 12, items 3 and 4: the model's own limits bound what bitext asks of it, one document the model
fails on is one failed row, not the end of the batch; and the model's identity covers every weight byte."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from fakes import EchoBackend

LONG = "党员干部深入基层推进乡村振兴，加强营商环境建设，完善公共服务体系" * 3


@pytest.fixture(scope="module")
def short_positions_model(tmp_path_factory):
    """Position tables of 128 (encoder and decoder) and no tokenizer limit below them."""
    from tiny_model import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("pos128") / "model", max_positions=128,
                             model_max_length=512)


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("beams", [1, 4])
def test_generation_stays_inside_the_decoder_position_table(short_positions_model, cache_dir, backend, beams):
    """Caps were 3 × input + 10 (at most 512): a 128-position decoder died with IndexError
    (transformers) or "No position encodings" (CTranslate2)."""
    from bitext.translate.backends import create_backend
    from bitext.translate.backends.base import GenerationOptions

    model = create_backend(backend, str(short_positions_model), GenerationOptions(beams=beams))
    assert model.max_input_tokens == 128
    n = model.count_tokens([LONG])[0]
    assert 40 < n <= 128  # the cap relative to the input (3n + 10) is far past the table
    out = model.translate([LONG, "党员干部。"])
    assert len(out) == 2 and all(isinstance(t, str) for t in out)


def test_caps_are_bounded_by_positions():
    from bitext.translate.backends.base import GenerationOptions

    options = GenerationOptions()
    assert options.caps([100, 2], positions=128) == [128, 16]
    assert options.caps([300]) == [512]


def test_position_limits_read_every_config_layout():
    from bitext.translate.backends.tokenizer import input_limit, output_limit

    assert output_limit({"max_position_embeddings": 128}) == 128
    assert output_limit({"max_source_positions": 1024, "max_target_positions": 200}) == 200  # fairseq/FSMT
    assert input_limit(None, {"max_source_positions": 1024, "max_target_positions": 200}) == 1024
    assert output_limit({"decoder": {"max_position_embeddings": 64}}) == 64  # composite models
    assert output_limit({"d_model": 512}) is None  # relative positions (T5): no table to run past
    assert input_limit(512, {"max_position_embeddings": 128}) == 128


def test_converted_model_keeps_its_position_limits(short_positions_model, cache_dir):
    from bitext.translate.backends.convert import ensure_converted
    from bitext.translate.backends.model_source import CONVERSION_FILE, resolve_model

    conversion = ensure_converted(resolve_model(str(short_positions_model)), "int8")
    kept = json.loads((conversion.path / CONVERSION_FILE).read_text())["model_config"]
    assert kept["max_position_embeddings"] == 128


class FailsOn(EchoBackend):
    """Raises what a model library raises, on any text containing ``marker``."""

    def __init__(self, marker: str, **kw):
        super().__init__(**kw)
        self.marker = marker

    def translate(self, texts):
        if any(self.marker in t for t in texts):
            raise IndexError("index out of range in self")
        return super().translate(texts)


def test_a_model_failure_in_one_document_is_a_failed_row_and_the_batch_goes_on(tmp_path, cache_dir):
    from bitext.translate.runner import RunOptions, translate_files

    for name, text in (("a", "党员干部深入基层。"), ("b", "炸弹在此。"), ("c", "推进乡村振兴。")):
        (tmp_path / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = translate_files([str(tmp_path / f"{n}.txt") for n in "abc"],
                              RunOptions(out_dir=out, formats=("txt",), glossary_files=(), builtin_glossary=False),
                              backend=FailsOn("炸", limit=200))
    status = {r.input.rsplit("/", 1)[-1]: r for r in summary.files}
    assert [status[f"{n}.txt"].status for n in "abc"] == ["done", "failed", "done"]
    assert "IndexError" in status["b.txt"].message and "b.txt" in status["b.txt"].message
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.en.txt", "c.en.txt"]


def test_a_model_failure_through_the_cli_is_exit_1(cli, tmp_path, monkeypatch):
    import bitext.translate.runner

    backend = FailsOn("炸", limit=200)
    monkeypatch.setattr(bitext.translate.runner, "make_backend", lambda options: backend)
    (tmp_path / "a.txt").write_text("炸弹在此。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    result = cli("translate", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "out"),
                 "--format", "txt")
    assert result.exit_code == 1
    assert "translation failed (IndexError" in result.output
    assert (tmp_path / "out" / "b.en.txt").is_file()


# --- item 4: the model's identity covers every weight byte ------------------------------------------


def _model_folder(tmp_path: Path, size: int = 3 << 20) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "marian", "is_encoder_decoder": true}')
    (folder / "model.safetensors").write_bytes(random.Random(0).randbytes(size))
    return folder


def _rewrite_in_place(weights: Path, offset: int) -> None:
    """Change one byte; size, mtime and inode stay (what an in-place fine-tune export can look like)."""
    st = weights.stat()
    data = bytearray(weights.read_bytes())
    data[offset] ^= 1
    with weights.open("r+b") as fh:
        fh.write(data)
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert weights.stat().st_size == st.st_size and weights.stat().st_mtime_ns == st.st_mtime_ns


def test_fingerprint_changes_with_any_weight_byte(tmp_path, cache_dir):
    """It hashed the size and the first and last MiB: same-size fine-tunes kept the old cache."""
    from bitext.translate.backends.model_source import fingerprint

    folder = _model_folder(tmp_path)
    before = fingerprint(folder)
    _rewrite_in_place(folder / "model.safetensors", (3 << 20) // 2)
    assert fingerprint(folder) != before


def test_fingerprint_reruns_only_stat_the_weights(tmp_path, cache_dir, monkeypatch):
    import hashlib

    from bitext.translate.backends.model_source import fingerprint

    folder = _model_folder(tmp_path)
    hashed = []
    real = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda fh, alg: hashed.append(fh.name) or real(fh, alg))
    first = fingerprint(folder)
    assert fingerprint(folder) == first and fingerprint(folder) == first
    assert len(hashed) == 1  # hashed in full once, then remembered in the cache folder
    (folder / "model.safetensors").write_bytes((folder / "model.safetensors").read_bytes())  # same bytes, new stat
    assert fingerprint(folder) == first and len(hashed) == 2


def test_fingerprint_works_without_a_writable_cache(tmp_path, monkeypatch):
    from bitext.translate.backends.model_source import fingerprint

    folder = _model_folder(tmp_path, size=1000)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(blocked))
    assert fingerprint(folder) == fingerprint(folder)
