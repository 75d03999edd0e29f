"""Issue 7, the model: a damaged model folder is one readable error (exit 3); a model that answers
nothing or loops is flagged in every output, and generation is capped relative to the input.

(A missing model, a folder without config.json and a non-seq2seq config are covered end to end in
tests/test_cli_translate.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from fakes import EchoBackend

ROOT = Path(__file__).resolve().parents[1]


# --- damaged model folders ----------------------------------------------------------------------

def _truncate(d: Path) -> None:
    weights = d / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])


def _drop_tokenizer(d: Path) -> None:
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        (d / name).unlink()


DAMAGE = {
    "config not JSON": lambda d: (d / "config.json").write_text("{not json"),
    "weights truncated": _truncate,
    "weights empty": lambda d: (d / "model.safetensors").write_bytes(b""),
    "weights garbage": lambda d: (d / "model.safetensors").write_bytes(b"\x00" * 4096),
    "tokenizer missing": _drop_tokenizer,
    "sentencepiece model garbage": lambda d: (d / "source.spm").write_bytes(b"not a model"),
    "vocab not JSON": lambda d: (d / "vocab.json").write_text("[1, 2"),
    "config field of the wrong type": lambda d: (d / "config.json").write_text(
        (d / "config.json").read_text().replace('"d_model": ', '"d_model": "wide", "_was": ')),
    "model is a file": lambda d: (shutil.rmtree(d), d.write_text("weights")),
}


def damaged_copy(model: Path, tmp_path: Path, damage: str) -> Path:
    copy = tmp_path / "model"
    shutil.copytree(model, copy)
    DAMAGE[damage](copy)
    return copy


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_model_folder_is_model_unavailable(tiny_model_dir, tmp_path, damage):
    from bitext.core.errors import EXIT_MODEL, ModelUnavailable
    from bitext.translate.runner import RunOptions, make_backend

    copy = damaged_copy(tiny_model_dir, tmp_path, damage)
    with pytest.raises(ModelUnavailable) as info:
        make_backend(RunOptions(model=str(copy)))
    assert info.value.exit_code == EXIT_MODEL
    assert str(copy) in str(info.value)


@pytest.mark.slow
def test_damaged_model_through_the_cli_is_exit_3(tiny_model_dir, tmp_path, cache_dir):
    copy = damaged_copy(tiny_model_dir, tmp_path, "weights truncated")
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bitext", "translate", str(tmp_path / "a.txt"), "--model", str(copy),
         "-o", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env=dict(os.environ, HF_HUB_OFFLINE="1", BITEXT_CACHE_DIR=str(cache_dir)))
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    errors = [x for x in result.stderr.splitlines() if x.startswith("bitext: error:")]
    assert len(errors) == 1 and f"cannot load model '{copy}'" in errors[0] and "again" in errors[0]
    assert not (tmp_path / "out").exists()


# --- empty and looping output -------------------------------------------------------------------

class Misbehaving(EchoBackend):
    """Answers nothing for sentences with 空, loops for sentences with 复, echoes the rest."""

    def translate(self, texts):
        self.calls.append(list(texts))
        return ["" if "空" in t else "the work the work the work the work the work the work" if "复" in t
                else f"T({t})" for t in texts]


def test_empty_and_looping_outputs_are_flagged_everywhere(tmp_path, cache_dir):
    from bitext.translate.runner import RunOptions, translate_files

    (tmp_path / "m.txt").write_text("空白的一句。\n\n重复的一句。\n\n正常的段落。\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = translate_files([str(tmp_path / "m.txt")], RunOptions(
        out_dir=out, formats=("jsonl", "tsv", "html", "tmx", "txt"), builtin_glossary=False), backend=Misbehaving())
    assert not summary.failed

    records = [json.loads(x) for x in (out / "m.jsonl").read_text(encoding="utf-8").splitlines()]
    flags = {r["source"]: set(r["flags"]) for r in records}
    assert "empty-translation" in flags["空白的一句。"]
    assert "repetition" in flags["重复的一句。"]
    assert not flags["正常的段落。"]

    tsv = {line.split("\t")[0]: line.split("\t")[3] for line in (out / "m.tsv").read_text(encoding="utf-8").splitlines()}
    assert "empty-translation" in tsv["空白的一句。"] and "repetition" in tsv["重复的一句。"]

    page = html.fromstring((out / "m.html").read_bytes())
    row_flags = [set(a.get("data-flags", "").split()) for a in page.xpath("//article")]
    assert any("empty-translation" in f for f in row_flags) and any("repetition" in f for f in row_flags)

    # TMX: an empty target is no translation unit at all (a CAT tool would reuse it); a loop is a
    # unit that says so.
    tmx = etree.parse(str(out / "m.tmx"))
    sources = [tu.findtext("tuv[1]/seg") for tu in tmx.iter("tu")]
    assert "空白的一句。" not in sources
    loop = next(tu for tu in tmx.iter("tu") if tu.findtext("tuv[1]/seg") == "重复的一句。")
    assert "repetition" in loop.findtext("prop[@type='x-flags']")


def test_a_flag_stays_with_its_sentence(tmp_path, cache_dir):
    from bitext.translate.runner import RunOptions, translate_files

    (tmp_path / "m.txt").write_text("空白的一句。正常的一句。\n", encoding="utf-8")
    translate_files([str(tmp_path / "m.txt")], RunOptions(out_dir=tmp_path, formats=("jsonl",), builtin_glossary=False),
                  backend=Misbehaving())
    records = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()]
    flags = {r["source"]: r["flags"] for r in records}
    assert flags["空白的一句。"] == ["empty-translation"]
    assert flags["正常的一句。"] == []


@pytest.mark.parametrize("text,looping", [
    ("the work the work the work the work", True),
    ("development development development development", True),
    ("济济济济济济济济济济", True),  # what a random-weight model emits: one "word" to a \w+ regex
    ("We will, we will, we will, we will, we will go.", True),
    ("We must strengthen the Party's work; the Party must lead.", False),
    ("Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era", False),
    ("1, 2, 3, 4, 5 and 6.", False),
])
def test_repetition_detector(text, looping):
    from bitext.translate.quality import is_repetitive

    assert is_repetitive(text) is looping


@pytest.mark.slow
def test_generation_is_capped_relative_to_the_input(tiny_model_dir):
    """A random-weight model never emits </s> on purpose: what stops it is the cap."""
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.backends.model_source import resolve_model
    from bitext.translate.backends.transformers_backend import TransformersBackend

    backend = TransformersBackend(resolve_model(str(tiny_model_dir)), GenerationOptions(beams=1), device="cpu")
    # 3 × input + 10, never above max_new_tokens (512) nor the decoder's 256 positions (issue 12)
    assert backend.caps([5, 20, 1000]) == [25, 70, 256]
    short, longer = "党员干部。", "党员干部推进乡村振兴，企业支持科技创新，政府完善公共服务。"
    outputs = backend.translate([short, longer])
    for source, output in zip([short, longer], outputs):
        n_in = backend.count_tokens([source])[0]
        n_out = len(backend.tokenizer(text_target=output, add_special_tokens=False)["input_ids"])
        assert n_out <= backend.caps([n_in])[0], (source, output)
    # Each input is capped by its own length, not by the longest in the batch.
    alone = backend.translate([short])[0]
    assert alone == outputs[0]
