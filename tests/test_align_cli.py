"""`bitext align` on small self-written files and folders."""

import pytest
import typer
from typer.testing import CliRunner

from bitext.cli.align import align_command

ZH = "我们今天去了公园。天气非常好。\n他买了三本书，然后回家了。\n"
EN = "We went to the park today. The weather was very good.\nHe bought three books. Then he went home.\n"


def app():
    a = typer.Typer()
    a.command()(align_command)
    return a


def test_files_to_beads(tmp_path):
    (tmp_path / "doc.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "doc.en.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app(), [str(tmp_path / "doc.zh.txt"), str(tmp_path / "doc.en.txt"), "-o", str(out), "--format", "beads"])
    assert r.exit_code == 0, r.output
    assert (out / "doc.zh.align").read_text() == "[0]:[0]\n[1]:[1]\n[2]:[2,3]\n"


def test_folders_presegmented_with_mt_suffix(tmp_path):
    src, tgt = tmp_path / "src", tmp_path / "tgt"
    src.mkdir()
    tgt.mkdir()
    (src / "001").write_text("我们今天去了公园。\n天气非常好。\n", encoding="utf-8")
    (src / "001.trans").write_text("We went to the park today.\nThe weather is very good.\n", encoding="utf-8")
    (tgt / "001").write_text("We went to the park today.\nThe weather was very good.\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app(), [str(src), str(tgt), "--presegmented", "--mt", ".trans", "-o", str(out), "--format", "beads"])
    assert r.exit_code == 0, r.output
    assert (out / "001.align").read_text() == "[0]:[0]\n[1]:[1]\n"
    assert not (out / "001.trans.align").exists()


def test_bad_input_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xe4\xb8\xad\n\xff\xfe bad\n")
    (tmp_path / "b.txt").write_text("Hello.\n", encoding="utf-8")
    r = CliRunner().invoke(app(), [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "o")])
    assert r.exit_code != 0
    assert "a.txt:2" in r.output and "UTF-8" in r.output
    r = CliRunner().invoke(app(), [str(tmp_path / "missing.txt"), str(tmp_path / "b.txt")])
    assert r.exit_code != 0 and "missing.txt" in r.output


def test_default_formats_meta_and_summary(tmp_path, monkeypatch):
    (tmp_path / "doc.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "doc.en.txt").write_text(EN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app(), ["doc.zh.txt", "doc.en.txt"])
    assert r.exit_code == 0, r.output
    written = sorted(p.suffix for p in (tmp_path / "outputs").rglob("*") if p.is_file())
    assert {".tmx", ".html", ".txt"} <= set(written), written
    assert "aligned 1 document(s) (offline+use): 3 beads" in r.output
    tmx = next((tmp_path / "outputs").rglob("*.tmx")).read_text(encoding="utf-8")
    assert "We went to the park today." in tmx


def test_gb18030_input_is_decoded(tmp_path):
    (tmp_path / "doc.zh.txt").write_bytes(ZH.encode("gb18030"))
    (tmp_path / "doc.en.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app(), [str(tmp_path / "doc.zh.txt"), str(tmp_path / "doc.en.txt"), "-o", str(out), "--format", "beads"])
    assert r.exit_code == 0, r.output
    assert (out / "doc.zh.align").read_text() == "[0]:[0]\n[1]:[1]\n[2]:[2,3]\n"


def test_embed_model_needs_mt(tmp_path):
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    r = CliRunner().invoke(app(), [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--embed-model", "minilm"])
    assert r.exit_code != 0 and "--mt or --model" in r.output


@pytest.mark.slow
def test_model_translates_the_source(tmp_path, tiny_model_dir, cache_dir):
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app(), [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--model", str(tiny_model_dir),
                                   "-o", str(out), "--format", "beads"])
    assert r.exit_code == 0, r.output
    lines = (out / "a.align").read_text().splitlines()
    assert lines and all(":" in line for line in lines)  # random weights: only check it runs end to end
    assert "(mt+use)" in r.output


def test_every_output_format(tmp_path):
    from lxml import etree

    (tmp_path / "doc.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "doc.en.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app(), [str(tmp_path / "doc.zh.txt"), str(tmp_path / "doc.en.txt"), "-o", str(out),
                                   "--format", "tmx,html,txt,tsv,jsonl,moses,beads"])
    assert r.exit_code == 0, r.output
    # Outputs are named after the Chinese file's stem, as for `bitext translate`.
    assert sorted(p.name for p in out.iterdir()) == [
        ".bitext-manifest.jsonl", "doc.zh.align", "doc.zh.en", "doc.zh.en.txt", "doc.zh.html", "doc.zh.jsonl", "doc.zh.tmx", "doc.zh.tsv",
        "doc.zh.zh"]
    tmx = etree.parse(str(out / "doc.zh.tmx"))
    origins = {p.text for p in tmx.iter("prop") if p.get("type") == "x-origin"}
    assert origins == {"human"}
    assert len(list(tmx.iter("tu"))) == 3
