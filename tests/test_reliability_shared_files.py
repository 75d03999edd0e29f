"""Issue 12, item 8: files made for other programs. Language tags are checked before they reach
xml:lang and file names, and the outputs name the model without the user's local paths.
(TSV formula cells and the TSV header: tests/test_writers.py.)"""

from __future__ import annotations

import shutil

import pytest


@pytest.mark.parametrize("tag", ["a/b", "../x", "zh_CN", "en-", "", "english", "zz-QQ", "zh CN"])
def test_bad_language_tags_are_refused_by_every_writer_entry(tag):
    from bitext.core.errors import BitextError
    from bitext.writers import WriterOptions

    with pytest.raises(BitextError) as info:
        WriterOptions(src_lang=tag)
    assert repr(tag) in str(info.value) and "BCP-47" in str(info.value)
    with pytest.raises(BitextError):
        WriterOptions(tgt_lang=tag)


@pytest.mark.parametrize("tag", ["zh-CN", "zh-Hans", "zh-Hant-TW", "zh", "en-US", "en-GB", "cmn-Hans-CN", "x-private"])
def test_good_language_tags_pass(tag):
    from bitext.writers import WriterOptions

    assert WriterOptions(src_lang=tag, tgt_lang=tag).src_lang == tag


def test_bad_tag_through_the_cli_is_exit_2_naming_it(cli, tmp_path):
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--tgt-tag", "en/../../x",
                 "--format", "moses,tmx")
    assert result.exit_code == 2
    assert "'en/../../x'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_outputs_name_a_local_model_by_folder_and_fingerprint_never_its_path(cli, tmp_path, tiny_model_dir):
    from bitext.translate.backends.model_source import fingerprint

    model = tmp_path / "home" / "alice" / "models" / "my-opus"
    shutil.copytree(tiny_model_dir, model)
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(out), "--model", str(model),
                 "--format", "tmx,html,jsonl,tsv,txt")
    assert result.exit_code == 0, result.output
    public = f"my-opus@{fingerprint(model)}"
    tmx = (out / "a.tmx").read_text(encoding="utf-8")
    assert public in tmx and "MT (my-opus@" in tmx
    for f in out.iterdir():
        assert "alice" not in f.read_text(encoding="utf-8"), f.name


def test_public_name_keeps_hub_ids():
    from bitext.translate.backends.model_source import public_name

    assert public_name("Helsinki-NLP/opus-mt-zh-en") == "Helsinki-NLP/opus-mt-zh-en"


def test_align_records_the_public_model_name(tmp_path, tiny_model_dir, cache_dir):
    from bitext.translate.align_run import AlignRunOptions, align_files
    from bitext.translate.backends.model_source import fingerprint

    from fakes import EchoBackend
    from bitext.translate.engine import Engine

    model = tmp_path / "private" / "m"
    shutil.copytree(tiny_model_dir, model)
    (tmp_path / "zh.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Party members go to the grassroots.\n", encoding="utf-8")
    out = tmp_path / "out"
    align_files(tmp_path / "zh.txt", tmp_path / "en.txt", AlignRunOptions(out_dir=out, formats=("tmx",), model=str(model)),
                translator=Engine(EchoBackend(limit=200)))
    tmx = (out / "zh.tmx").read_text(encoding="utf-8")
    assert f"m@{fingerprint(model)}" in tmx and "private" not in tmx
