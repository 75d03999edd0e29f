"""Issue 12, names: one distinct output set per input, whatever the inputs are called.

* the output tree mirrors each input's path relative to the folder it was found in, and a name keeps
  everything but its last extension: ``a/x.txt``, ``b/x.txt``, ``report.2023.txt``, ``2021/04/19/1.txt``
  all keep their own outputs;
* where two inputs would still write one file (``x.txt`` and ``x.md``), or an output would replace an
  input, the run is refused before any work (exit 2, naming both);
* any name the file system accepts works (a 250-byte name, one of 255 bytes), and an input deeper than
  PATH_MAX is one failed input, not a traceback.

The real `bitext translate` runs in-process with the echo backend ("T(<source>)"), so each output's
content shows which input it came from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import etree

from textfiles import write, translate

ODD_NAMES = ["x.txt", "report.2023.txt", "report.2024.txt", "[b]x.txt", "a b.md", "中文 名.txt", "v1.2.3.txt",
             "#50%off!.txt", "it's \"quoted\".txt", "tab\there.txt"]


def en(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def test_same_names_in_different_folders_keep_their_own_outputs(cli, tmp_path):
    write(tmp_path / "in" / "a" / "x.txt", "甲文件。")
    write(tmp_path / "in" / "b" / "x.txt", "乙文件。")
    write(tmp_path / "in" / "x.txt", "丙文件。")
    out = tmp_path / "out"
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "txt,tmx")
    assert result.exit_code == 0, result.output
    assert en(out / "a" / "x.en.txt") == "T(甲文件。)"
    assert en(out / "b" / "x.en.txt") == "T(乙文件。)"
    assert en(out / "x.en.txt") == "T(丙文件。)"
    assert (out / "a" / "x.tmx").is_file() and (out / "b" / "x.tmx").is_file()


def test_dots_in_names_keep_everything_but_the_last_extension(cli, tmp_path):
    for year in (2023, 2024):
        write(tmp_path / "in" / f"report.{year}.txt", f"{year}年报告。")
    out = tmp_path / "out"
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "txt,tsv,moses")
    assert result.exit_code == 0, result.output
    for year in (2023, 2024):
        assert en(out / f"report.{year}.en.txt") == f"T({year}年报告。)"
        assert (out / f"report.{year}.tsv").is_file()
        assert (out / f"report.{year}.zh").read_text(encoding="utf-8") == f"{year}年报告。\n"


def test_dated_tree_is_mirrored_and_named_in_tmx_html_and_report(cli, tmp_path):
    days = ["2021/04/19/1", "2021/04/19/2", "2021/04/20/1", "2022/01/01/1"]
    for i, day in enumerate(days):
        write(tmp_path / "articles" / f"{day}.txt", f"第{i}篇文章。")
    out, report = tmp_path / "out", tmp_path / "r.json"
    result = translate(cli, str(tmp_path / "articles"), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.output
    for i, day in enumerate(days):
        assert en(out / f"{day}.en.txt") == f"T(第{i}篇文章。)"
    # The document's name is its relative path: TMX and HTML say which article they are.
    tmx = etree.parse(str(out / "2021/04/19/2.tmx"))
    assert {p.text for p in tmx.iter("prop") if p.get("type") == "x-document"} == {"2021/04/19/2"}
    assert "<title>2021/04/19/2 — bitext review</title>" in (out / "2021/04/19/2.html").read_text(encoding="utf-8")
    files = json.loads(report.read_text())["files"]
    # One output set per input, each its own.
    assert [f["document"] for f in files] == days
    assert [f["input"] for f in files] == [str(tmp_path / "articles" / f"{d}.txt") for d in days]
    assert [sorted(Path(o).relative_to(out).as_posix() for o in f["outputs"]) for f in files] == [
        sorted(f"{d}{s}" for s in (".tmx", ".html", ".en.txt")) for d in days]


@pytest.mark.parametrize("names", [("x.txt", "x.md"), ("x.txt", "x.markdown")])
def test_two_inputs_for_one_output_are_refused_before_any_work(cli, tmp_path, names):
    for name in names:
        write(tmp_path / "in" / name, "同名文件。")
    out = tmp_path / "out"
    result = translate(cli, str(tmp_path / "in"), "-o", str(out))
    assert result.exit_code == 2
    for name in names:
        assert str(tmp_path / "in" / name) in result.stderr
    assert "would both be written to" in result.stderr and "Traceback" not in result.output
    assert not out.exists() and cli.backend.calls == []


def test_same_name_from_two_folders_on_the_command_line_is_refused(cli, tmp_path):
    a = write(tmp_path / "a" / "x.txt", "甲。")
    b = write(tmp_path / "b" / "x.txt", "乙。")
    result = translate(cli, str(a), str(b), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and str(a) in result.stderr and str(b) in result.stderr
    assert not (tmp_path / "out").exists()
    # The same file twice is one document, not a clash.
    result = translate(cli, str(a), str(a), "-o", str(tmp_path / "out"), "--format", "txt")
    assert result.exit_code == 0 and en(tmp_path / "out" / "x.en.txt") == "T(甲。)"


def test_names_that_clash_only_after_cleaning_are_refused(cli, tmp_path):
    write(tmp_path / "in" / "a:b.txt", "甲。")
    write(tmp_path / "in" / "a_b.txt", "乙。")
    result = translate(cli, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", "txt")
    assert result.exit_code == 2 and "would both be written to" in result.stderr


def test_an_output_never_replaces_an_input(cli, tmp_path):
    page = write(tmp_path / "in" / "page.html", "网页正文。")
    before = page.read_bytes()
    result = translate(cli, str(page), "-o", str(tmp_path / "in"), "--overwrite")
    assert result.exit_code == 2 and "is an input" in result.stderr
    assert page.read_bytes() == before


def test_250_and_255_byte_names_work(cli, tmp_path):
    fits = "文" * 82 + ".txt"  # 250 bytes: the .en.txt output is 253, a temporary name derived from it was not
    longest = "a" * 251 + ".txt"  # 255 bytes: no suffix fits; the output name is shortened, with a hash
    assert len(fits.encode()) == 250 and len(longest.encode()) == 255
    write(tmp_path / "in" / fits, "长名。")
    write(tmp_path / "in" / longest, "更长。")
    out = tmp_path / "out"
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--format", "tmx,html,txt,tsv,jsonl,moses",
                       "--tmx-level", "both")
    assert result.exit_code == 0, result.output
    assert en(out / ("文" * 82 + ".en.txt")) == "T(长名。)"
    assert (out / ("文" * 82 + ".para.tmx")).is_file()
    shortened = [p for p in out.iterdir() if p.name.startswith("aaa")]
    assert len(shortened) == 8 and all(len(p.name.encode()) <= 255 for p in shortened)
    assert len({p.name.split("~")[0] for p in shortened}) == 1  # one stem for the whole set
    assert en(next(p for p in shortened if p.name.endswith(".en.txt"))) == "T(更长。)"


def test_a_name_that_is_not_utf8_keeps_its_bytes(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"\xff\xfe old name")  # as Python sees it: "\udcff\udcfe old name"
    (folder / f"{name}.txt").write_bytes("甲文件。\n".encode())
    out, report = tmp_path / "out", tmp_path / "r.json"
    result = translate(cli, str(folder), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.output
    assert os.fsencode(out / f"{name}.en.txt").endswith(b"/\xff\xfe old name.en.txt")
    assert (out / f"{name}.en.txt").read_text(encoding="utf-8") == "T(甲文件。)\n"
    (done,) = json.loads(report.read_text())["files"]  # the report is valid JSON, the name escaped
    assert done["document"] == "\udcff\udcfe old name" and len(done["outputs"]) == 3


def test_input_deeper_than_path_max_is_one_failed_input(cli, tmp_path):
    top = tmp_path / "in"
    write(top / "good.txt", "正常文件。")
    # 20 levels of 250-byte folder names: 5,000 bytes, past PATH_MAX (4,096), made with directory fds.
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("d" * 250, dir_fd=fd)
            child = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        deep = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(deep, "深层文件。\n".encode())
        os.close(deep)
    finally:
        os.close(fd)
    out = tmp_path / "out"
    result = translate(cli, str(top), "-o", str(out), "--format", "txt")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "File name too long" in result.stderr
    assert en(out / "good.en.txt") == "T(正常文件。)"


@pytest.mark.slow
def test_thousand_files_with_repeated_and_odd_names_each_get_a_complete_set(cli, tmp_path):
    """The issue's 'done when': 100 folders (some nested, some with odd names) × the same 10 odd names.

    ~25 s on the 2-core machine, most of it in the fsyncs of 3,000 atomic writes."""
    folders = [f"{year}/{n:02d}" if n % 3 else f"[{n}] 文件夹.v{n}" for year, n in
               ((2020 + n % 4, n) for n in range(100))]
    inputs = {}
    for i, (folder, name) in enumerate((f, n) for f in folders for n in ODD_NAMES):
        path = write(tmp_path / "in" / folder / name, f"第{i}号文件。")
        inputs[str(path)] = i
    assert len(inputs) == 1000
    out, report = tmp_path / "out", tmp_path / "r.json"
    result = translate(cli, str(tmp_path / "in"), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.stderr[-2000:]
    files = json.loads(report.read_text())["files"]
    assert len(files) == 1000 and {f["status"] for f in files} == {"done"}
    assert sorted(f["input"] for f in files) == sorted(inputs)
    outputs = [o for f in files for o in f["outputs"]]
    assert len(outputs) == len(set(outputs)) == 3000
    for f in files:
        assert len(f["outputs"]) == 3 and all(Path(o).is_file() for o in f["outputs"])
        (txt,) = [Path(o) for o in f["outputs"] if o.endswith(".en.txt")]
        assert en(txt) == f"T(第{inputs[f['input']]}号文件。)", txt
    assert len([p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]) == 3000
