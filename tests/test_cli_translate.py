"""`bitext translate` end to end through the real CLI with the tiny model: outputs, cache, errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA

ROOT = Path(__file__).resolve().parents[1]


def bitext(*args, env_extra=None, timeout=300, input_bytes=None):
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True, env=env,
                          timeout=timeout, cwd=ROOT, input=input_bytes)


@pytest.fixture
def env(cache_dir):
    return {"BITEXT_CACHE_DIR": str(cache_dir)}


def test_help_lists_commands_and_exit_codes():
    result = bitext("--help")
    out = result.stdout.decode()
    assert result.returncode == 0
    for command in ("translate", "align", "glossary", "eval", "model"):
        assert command in out
    assert "Exit codes" in bitext("translate", "--help").stdout.decode()


def test_version():
    result = bitext("--version")
    assert result.returncode == 0 and result.stdout.decode().startswith("bitext ")


def test_help_does_not_import_torch():
    code = ("import sys, bitext.cli.main as c; "
            "sys.argv=['bitext','--help']\n"
            "try:\n c.main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('torch','transformers','ctranslate2','ray') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60).stdout.decode()
    assert out.strip().endswith("[]")


@pytest.mark.slow
def test_translate_page_writes_one_paragraph_per_block(tiny_model_dir, tmp_path, env):
    out = tmp_path / "out"
    result = bitext("translate", str(DATA / "page.txt"), "--model", str(tiny_model_dir), "-o", str(out),
                    "--format", "txt,jsonl,tsv", "--beams", "1", "--report", str(tmp_path / "r.json"), env_extra=env)
    assert result.returncode == 0, result.stderr.decode()
    english = (out / "page.en.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in english.split("\n\n") if p.strip()]
    # 10 blocks on the page, 2 of them page furniture (not translated): 8 English paragraphs.
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("## ") and paragraphs[1].startswith("# ")
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["failed"] == 0 and report["model_calls"] > 0

    rerun = bitext("translate", str(DATA / "page.txt"), "--model", str(tiny_model_dir), "-o", str(out),
                   "--format", "txt", "--beams", "1", "--report", str(tmp_path / "r2.json"), env_extra=env)
    assert rerun.returncode == 0
    again = json.loads((tmp_path / "r2.json").read_text())
    # Fewer formats, same settings: the one planned output is complete, so the document is skipped.
    assert again["skipped"] == 1 and again["model_calls"] == again["cache_hits"] == 0
    assert (out / "page.en.txt").read_text(encoding="utf-8") == english


def test_missing_model_is_one_clear_error(tmp_path, env):
    src = tmp_path / "x.txt"
    src.write_text("党员干部深入基层。", encoding="utf-8")
    result = bitext("translate", str(src), "--model", "Helsinki-NLP/opus-mt-zh-en", "-o", str(tmp_path),
                    env_extra={**env, "HF_HOME": str(tmp_path / "hf")})
    err = result.stderr.decode()
    assert result.returncode == 3
    assert "Traceback" not in err
    assert "Helsinki-NLP/opus-mt-zh-en" in err and "--model" in err


def test_folder_that_is_not_a_model(tmp_path, env):
    src = tmp_path / "x.txt"
    src.write_text("党员干部深入基层。", encoding="utf-8")
    (tmp_path / "notamodel").mkdir()
    result = bitext("translate", str(src), "--model", str(tmp_path / "notamodel"), env_extra=env)
    assert result.returncode == 3 and "config.json" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_model_that_is_not_seq2seq(tmp_path, env):
    src = tmp_path / "x.txt"
    src.write_text("党员干部深入基层。", encoding="utf-8")
    model = tmp_path / "gpt"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "gpt2"}))
    (model / "model.safetensors").write_bytes(b"")
    result = bitext("translate", str(src), "--model", str(model), env_extra=env)
    assert result.returncode == 3 and "sequence-to-sequence" in result.stderr.decode()


def test_stdin_input(tiny_model_dir, tmp_path, env):
    result = bitext("translate", "-", "--model", str(tiny_model_dir), "-o", str(tmp_path), "--format", "txt",
                    "--beams", "1", env_extra=env, input_bytes="第一段。\n\n第二段。".encode())
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "stdin.en.txt").is_file()


def test_bad_option_value_is_usage_error(tmp_path):
    result = bitext("translate", str(DATA / "page.txt"), "--glossary-mode", "sometimes")
    assert result.returncode == 2 and "--glossary-mode" in result.stderr.decode()
