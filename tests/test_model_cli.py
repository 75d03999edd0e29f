"""`bitext model convert` / `bitext model info`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bitext.cli.model import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_importing_the_model_commands_loads_no_heavy_library():
    code = ("import sys, bitext.cli.model; "
            "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


def test_convert_caches_and_reuses(tiny_model_dir, cache_dir):
    pytest.importorskip("ctranslate2")
    first = invoke("convert", str(tiny_model_dir))
    assert first.exit_code == 0, first.output
    assert first.output.startswith("converted ")
    second = invoke("convert", str(tiny_model_dir))
    assert second.exit_code == 0, second.output
    assert second.output.startswith("already converted")
    converted = list((cache_dir / "ct2").iterdir())
    assert len(converted) == 1 and converted[0].name.endswith("-int8")
    assert (converted[0] / "model.bin").is_file()


def test_convert_to_a_directory_gives_a_self_contained_model(tiny_model_dir, cache_dir, tmp_path):
    ctranslate2 = pytest.importorskip("ctranslate2")
    out = tmp_path / "ct2-model"
    result = invoke("convert", str(tiny_model_dir), "--quantization", "float32", "-o", str(out))
    assert result.exit_code == 0, result.output
    for name in ("model.bin", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        assert (out / name).is_file(), name
    assert json.loads((out / "bitext-conversion.json").read_text())["quantization"] == "float32"
    translator = ctranslate2.Translator(str(out), device="cpu")
    assert translator.translate_batch([["▁我们", "</s>"]], max_decoding_length=3)[0].hypotheses[0]
    assert not (cache_dir / "ct2").exists()  # -o writes nothing into the cache


def test_info_reports_model_facts_and_conversions(tiny_model_dir, cache_dir):
    pytest.importorskip("ctranslate2")
    before = invoke("info", str(tiny_model_dir), "--json")
    assert before.exit_code == 0, before.output
    facts = json.loads(before.output)
    assert facts["type"] == "marian"
    assert facts["max_input_tokens"] == 64  # the fixture's tokenizer limit, below its 256 positions
    assert len(facts["fingerprint"]) == 16
    assert facts["conversions"] == []

    assert invoke("convert", str(tiny_model_dir), "-q", "int8_float32").exit_code == 0
    text = invoke("info", str(tiny_model_dir))
    assert text.exit_code == 0, text.output
    assert facts["fingerprint"] in text.output
    assert "int8_float32" in text.output
    assert str(cache_dir / "ct2") in text.output


def test_missing_model_exits_3_with_how_to_fix(tmp_path, cache_dir):
    result = invoke("info", str(tmp_path / "nowhere"))
    assert result.exit_code == 3
    assert "does not exist" in result.output and "download" in result.output  # says how to fix it
    assert "Traceback" not in result.output


def test_unknown_quantization_exits_2(tiny_model_dir, cache_dir):
    from bitext.cli.main import app as bitext

    result = runner.invoke(bitext, ["model", "convert", str(tiny_model_dir), "-q", "int4"])
    assert result.exit_code == 2
    assert "bitext: error:" in result.stderr and "'int8', 'int8_float32', 'float32'" in result.stderr


def test_a_converted_folder_is_a_model_for_the_ctranslate2_backend(tiny_model_dir, cache_dir, tmp_path):
    pytest.importorskip("ctranslate2")
    from bitext.translate.backends import create_backend
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.backends.ctranslate2_backend import CTranslate2Backend
    from bitext.translate.backends.model_source import resolve_model
    from bitext.translate.backends.tokenizer import MarianPieces

    out = tmp_path / "ct2-model"
    assert invoke("convert", str(tiny_model_dir), "-q", "float32", "-o", str(out)).exit_code == 0
    greedy = GenerationOptions(beams=1)
    texts = ["我们推进乡村振兴。", "政府支持科技创新。" * 3]
    from_folder = create_backend("ctranslate2", str(out), greedy, device="cpu")
    original = create_backend("ctranslate2", str(tiny_model_dir), greedy, device="cpu")
    assert from_folder.quantization == "float32" and from_folder.conversion.path == out.resolve()
    assert isinstance(from_folder.tokenizer, MarianPieces)  # still torch-free
    assert from_folder.max_input_tokens == original.max_input_tokens == 64
    assert from_folder.count_tokens(texts) == original.count_tokens(texts)
    # The folder's own float32 weights decode exactly like a float32 conversion of the original.
    same = CTranslate2Backend(resolve_model(str(tiny_model_dir)), greedy, device="cpu", quantization="float32")
    assert from_folder.translate(texts) == same.translate(texts)
    assert all("float32" not in p.name or p == same.conversion.path for p in (cache_dir / "ct2").iterdir())
    # A CTranslate2 folder can only run on CTranslate2, whatever --backend says.
    assert create_backend("transformers", str(out), greedy, device="cpu").name == "ctranslate2"
    again = invoke("convert", str(out))
    assert again.exit_code != 0 and "already a CTranslate2 conversion" in again.output
