"""Issue 12, ownership: bitext never reads its outputs back as inputs and never replaces a file it did
not write.

* folder expansion never enters the output folder and skips bitext's own outputs (``*.en.txt`` and
  every file an output manifest lists), so ``bitext translate .`` twice translates the same documents;
* with ``-o`` equal to the input folder, a human translation ``doc.en.txt`` survives; a file bitext
  wrote and a user edited since is kept too; ``--overwrite`` replaces both;
* reruns over bitext's own unchanged outputs just work (resume), also after a torn manifest line;
* temporary files left by a process killed with SIGKILL are removed by the next run, nothing else.

The real `bitext translate` runs in-process with the echo backend ("T(<source>)").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bitext.writers.manifest import MANIFEST_NAME
from textfiles import write, translate

ROOT = Path(__file__).resolve().parents[1]


def sent(cli) -> list[str]:
    return [t for call in cli.backend.calls for t in call]


def test_running_twice_in_the_input_folder_never_reads_the_outputs(cli, tmp_path, monkeypatch):
    write(tmp_path / "a.txt", "甲文件。")
    write(tmp_path / "notes" / "b.md", "# 乙\n\n乙文件。")
    monkeypatch.chdir(tmp_path)
    for first in (True, False):  # the default -o outputs/ sits inside the input folder "."
        cli.backend.calls.clear()
        result = translate(cli, ".", "--no-cache", "--format", "txt,tmx,html,tsv,jsonl,moses")
        assert result.exit_code == 0, result.output
        # The rerun finds the same two documents, complete: skipped.
        assert sorted(sent(cli)) == (["乙", "乙文件。", "甲文件。"] if first else [])
        assert ("2 of 2 files done;" if first else "2 of 2 files done (2 skipped") in result.stderr
    assert (tmp_path / "outputs" / "a.en.txt").read_text(encoding="utf-8") == "T(甲文件。)\n"
    assert not (tmp_path / "outputs" / "outputs").exists()


def test_output_folder_elsewhere_in_the_tree_is_not_entered(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "甲文件。")
    out = tmp_path / "in" / "sub" / "out"
    assert translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "txt,jsonl").exit_code == 0
    # Another run into another folder: the first run's outputs (listed in its manifest) are not inputs.
    cli.backend.calls.clear()
    result = translate(cli, str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--format", "txt,jsonl",
                       "--no-cache")
    assert result.exit_code == 0, result.output
    assert sent(cli) == ["甲文件。"]


def test_a_human_translation_next_to_its_source_is_never_replaced(cli, tmp_path):
    folder = tmp_path / "work"
    write(folder / "doc.txt", "党员干部深入基层。")
    human = write(folder / "doc.en.txt", "Party cadres go down to the grassroots (human translation).")
    before = human.read_bytes()
    result = translate(cli, str(folder), "-o", str(folder))
    assert result.exit_code == 1
    assert human.read_bytes() == before
    assert f"bitext: {human}: output exists and bitext did not write it: not replaced" in result.stderr
    assert "--overwrite" in result.stderr
    assert not (folder / "doc.tmx").exists()  # a document's set is written whole or not at all

    result = translate(cli, str(folder), "-o", str(folder), "--overwrite")
    assert result.exit_code == 0, result.output
    assert human.read_text(encoding="utf-8") == "T(党员干部深入基层。)\n"


def test_an_edited_output_is_kept_and_the_batch_goes_on(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "甲文件。")
    write(tmp_path / "in" / "b.txt", "乙文件。")
    out, report = tmp_path / "out", tmp_path / "r.json"
    assert translate(cli, str(tmp_path / "in"), "-o", str(out)).exit_code == 0
    edited = out / "a.en.txt"
    edited.write_text("A, post-edited by a reviewer.\n", encoding="utf-8")

    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--report", str(report))
    assert result.exit_code == 1
    assert f"{edited}: output was changed since bitext wrote it: not replaced" in result.stderr
    assert edited.read_text(encoding="utf-8") == "A, post-edited by a reviewer.\n"
    files = {Path(f["input"]).name: f for f in json.loads(report.read_text())["files"]}
    assert files["a.txt"]["status"] == "failed" and files["b.txt"]["status"] == "skipped"  # complete

    assert translate(cli, str(tmp_path / "in"), "-o", str(out), "--overwrite").exit_code == 0
    assert edited.read_text(encoding="utf-8") == "T(甲文件。)\n"


def test_a_folder_or_link_in_the_way_is_refused(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "甲文件。")
    out = tmp_path / "out"
    (out / "a.tmx").mkdir(parents=True)
    secret = write(tmp_path / "secret.txt", "not bitext's")
    (out / "a.en.txt").symlink_to(secret)
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "txt")
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "tmx", "--overwrite")
    assert result.exit_code == 1 and "output is a folder: not replaced" in result.stderr
    assert secret.read_text() == "not bitext's\n"


def test_reruns_over_own_outputs_just_work_even_after_a_torn_manifest_line(cli, tmp_path):
    out = tmp_path / "out"
    for text in ("甲文件。", "甲文件。乙。", "甲文件。丙。"):  # a changed input: translated again
        write(tmp_path / "in" / "2021" / "a.txt", text)
        assert translate(cli, str(tmp_path / "in"), "-o", str(out)).exit_code == 0
    manifest = out / MANIFEST_NAME
    lines = manifest.read_text().splitlines()
    assert len(lines) == 9 and {json.loads(x)["file"] for x in lines} == {"2021/a.tmx", "2021/a.html",
                                                                            "2021/a.en.txt"}
    with manifest.open("a") as fh:
        fh.write('{"file": "2021/a.tmx", "si')  # a process killed in the middle of an append
    write(tmp_path / "in" / "2021" / "a.txt", "甲文件。丁。")
    assert translate(cli, str(tmp_path / "in"), "-o", str(out)).exit_code == 0


def test_the_manifest_is_compacted_and_keeps_the_current_versions(tmp_path):
    from bitext.writers.manifest import Manifest

    out = tmp_path / "out"
    out.mkdir()
    writer = Manifest(out)
    for version in range(60):
        (out / "a.txt").write_text(f"v{version}")
        writer.record(out / "a.txt", f"v{version}".encode(), "in/a.txt")
    (out / "b.txt").write_text("b")
    for _ in range(11):
        writer.record(out / "b.txt", b"b")
    writer.record(out / "coming.txt", b"c")  # recorded by a process that has not renamed it yet
    with (out / MANIFEST_NAME).open("a") as fh:  # a file deleted long ago
        fh.write(json.dumps({"file": "gone.txt", "size": 1, "sha256": "0" * 64, "time": 1}) + "\n")
    assert len((out / MANIFEST_NAME).read_text().splitlines()) == 73
    manifest = Manifest(out)  # 73 lines for 4 files: rewritten
    (out / "gone.txt").write_text("x")  # since created by someone else
    lines = [json.loads(x) for x in (out / MANIFEST_NAME).read_text().splitlines()]
    assert [(x["file"], x["input"]) for x in lines] == [("a.txt", "in/a.txt"), ("b.txt", None), ("coming.txt", None)]
    assert manifest.problem(out / "a.txt") == manifest.problem(out / "b.txt") == ""
    assert manifest.problem(out / "gone.txt") == "exists and bitext did not write it"


def test_temporary_files_of_killed_runs_are_removed_and_nothing_else(cli, tmp_path):
    from bitext.writers import atomic

    write(tmp_path / "in" / "sub" / "a.txt", "甲文件。")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    # What SIGKILL leaves: a temporary file of a process that no longer exists ...
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = out / "sub" / f".bitext-{atomic._HOST}-{dead.stdout.strip()}-abcd1234.tmp"
    orphan.write_text("half a file")
    # ... one from another machine sharing the folder, an hour old, and one that is still fresh ...
    old = out / ".bitext-0a0b0c-1-zzzzzzzz.tmp"
    old.write_text("stale")
    os.utime(old, (time.time() - 2 * atomic.STALE_AFTER_S,) * 2)
    fresh = out / ".bitext-0a0b0c-1-yyyyyyyy.tmp"
    fresh.write_text("being written elsewhere")
    # ... and files bitext did not make.
    mine = [write(out / "sub" / ".a.en.txt.x7.tmp", "old-style name"), write(out / "sub" / "notes.tmp", "user")]
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "txt")
    assert result.exit_code == 0, result.output
    assert not orphan.exists() and not old.exists() and fresh.exists()
    assert all(p.exists() for p in mine)


def test_sigkill_mid_write_then_rerun_leaves_no_temporary_file(tmp_path):
    """A real SIGKILL between writing a temporary file and renaming it."""
    write(tmp_path / "in" / "a.txt", "甲文件。")
    out = tmp_path / "out"
    launcher = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT / 'tests')!r})
from fakes import EchoBackend
import bitext.translate.runner
from bitext.writers import atomic
bitext.translate.runner.make_backend = lambda options: EchoBackend()
real = atomic.os.replace
def replace(src, dst):
    if os.environ.get("KILL") == "1":
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
atomic.os.replace = replace
from bitext.cli.main import main
sys.argv = ["bitext", "translate", {str(tmp_path / 'in')!r}, "-o", {str(out)!r}, "--glossary-mode", "off"]
main()
"""
    env = dict(os.environ, BITEXT_CACHE_DIR=str(tmp_path / "cache"))
    killed = subprocess.run([sys.executable, "-c", launcher], env={**env, "KILL": "1"}, capture_output=True)
    assert killed.returncode == -9
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # what the kill left behind
    rerun = subprocess.run([sys.executable, "-c", launcher], env={**env, "KILL": "0"}, capture_output=True,
                           text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "a.en.txt", "a.html", "a.tmx"]
