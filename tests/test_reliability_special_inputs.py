"""Issue 12, inputs that are not plain documents: reported by name, never skipped in silence, never a hang.

* a broken symbolic link in an input folder is a failed input with a message;
* a FIFO (or a device, a socket) is refused without being opened: opening a FIFO blocks until a writer
  comes, which used to hang the run;
* `bitext align` with a side that has no sentence warns and exits 1 instead of writing an empty TMX.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfiles import write

ROOT = Path(__file__).resolve().parents[1]


def test_broken_links_in_a_folder_are_reported(cli, tmp_path):
    folder = tmp_path / "in"
    write(folder / "good.txt", "正常文件。")
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (folder / "gone-folder").symlink_to(tmp_path / "deleted-folder")  # may have held documents
    (folder / "photo.jpg").symlink_to(tmp_path / "deleted.jpg")  # never a document: not reported
    write(tmp_path / "real.txt", "链接文件。")
    (folder / "linked.txt").symlink_to(tmp_path / "real.txt")  # a working link is read
    report = tmp_path / "r.json"
    result = cli("translate", str(folder), "-o", str(tmp_path / "out"), "--glossary-mode", "off", "--format", "txt",
                 "--report", str(report))
    assert result.exit_code == 1
    assert f"bitext: {folder / 'gone.txt'}: broken symbolic link" in result.stderr
    assert f"bitext: {folder / 'gone-folder'}: broken symbolic link" in result.stderr
    assert "photo.jpg" not in result.stderr
    files = {Path(f["input"]).name: f["status"] for f in json.loads(report.read_text())["files"]}
    assert files == {"good.txt": "done", "linked.txt": "done", "gone.txt": "failed", "gone-folder": "failed"}
    assert (tmp_path / "out" / "linked.en.txt").read_text(encoding="utf-8") == "T(链接文件。)\n"


def test_broken_link_given_directly_is_one_failed_input(cli, tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    write(tmp_path / "good.txt", "正常文件。")
    result = cli("translate", str(tmp_path / "gone.txt"), str(tmp_path / "good.txt"), "-o", str(tmp_path / "out"),
                 "--glossary-mode", "off", "--format", "txt")
    assert result.exit_code == 1 and "broken symbolic link" in result.stderr
    assert (tmp_path / "out" / "good.en.txt").exists()


def test_links_to_folders_are_followed_once(cli, tmp_path):
    write(tmp_path / "shared" / "a.txt", "共享文件。")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "shared").symlink_to(tmp_path / "shared")
    (folder / "loop").symlink_to(folder)  # a cycle must not hang the walk
    result = cli("translate", str(folder), "-o", str(tmp_path / "out"), "--glossary-mode", "off", "--format", "txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "shared" / "a.en.txt").read_text(encoding="utf-8") == "T(共享文件。)\n"


def test_fifo_is_refused_not_opened(tmp_path):
    """In a subprocess with a timeout: opening the FIFO would block for ever."""
    fifo = tmp_path / "in" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    write(tmp_path / "in" / "good.txt", "正常文件。")
    launcher = f"""
import sys
sys.path.insert(0, {str(ROOT / 'tests')!r})
from fakes import EchoBackend
import bitext.translate.runner
bitext.translate.runner.make_backend = lambda options: EchoBackend()
from bitext.cli.main import main
sys.argv = ["bitext", *sys.argv[1:]]
main()
"""
    env = dict(os.environ, BITEXT_CACHE_DIR=str(tmp_path / "cache"))
    for args in ([str(tmp_path / "in")], [str(fifo), str(tmp_path / "in" / "good.txt")], ["/dev/zero"]):
        run = subprocess.run([sys.executable, "-c", launcher, "translate", *args, "-o", str(tmp_path / "out"),
                              "--glossary-mode", "off", "--format", "txt"],
                             env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 1, run.stderr
        assert "not a regular file" in run.stderr and "Traceback" not in run.stderr
    assert "bitext: /dev/zero: not a regular file (a character device)" in run.stderr
    assert (tmp_path / "out" / "good.en.txt").exists()


@pytest.mark.parametrize("empty", ["zh", "en"])
def test_align_with_an_empty_side_warns_and_exits_1(tmp_path, empty):
    from bitext.cli.align import align_command
    import typer

    app = typer.Typer()
    app.command()(align_command)
    texts = {"zh": "今天天气很好。我们去了公园。", "en": "The weather is nice today. We went to the park."}
    texts[empty] = "  \n\n"
    zh, en = write(tmp_path / "doc.zh.txt", texts["zh"]), write(tmp_path / "doc.en.txt", texts["en"])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(zh), str(en), "-o", str(out)])
    assert result.exit_code == 1, result.output
    side = {"zh": "Chinese", "en": "English"}[empty]
    assert f"the {side} side has no sentences" in result.stderr
    assert not out.exists() or not list(out.glob("*.tmx"))


def test_align_folders_go_on_after_an_empty_pair(tmp_path):
    from bitext.cli.align import align_command
    import typer

    app = typer.Typer()
    app.command()(align_command)
    write(tmp_path / "zh" / "001", "今天天气很好。")
    write(tmp_path / "en" / "001", "")
    write(tmp_path / "zh" / "002", "我们去了公园。")
    write(tmp_path / "en" / "002", "We went to the park.")
    os.mkfifo(tmp_path / "zh" / "003")
    write(tmp_path / "en" / "003", "A pipe.")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(tmp_path / "zh"), str(tmp_path / "en"), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "English side has no sentences" in result.stderr and "not a regular file (a FIFO)" in result.stderr
    assert (out / "002.tmx").exists() and not (out / "001.tmx").exists()
