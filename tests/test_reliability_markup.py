"""Issue 12, terminal output: paths, names and messages from users and files print as themselves.

Rich reads ``[...]`` as markup: a path holding ``[/x]`` used to crash the run before any output,
``-o 'o[/o]'`` after the outputs (so ``--report`` was never written), and ``[b]x.txt`` printed as a
bold ``x.txt``. Everything bitext prints from outside is escaped now.
"""

from __future__ import annotations

import json

from textfiles import write


def test_markup_in_input_paths_prints_literally(cli, tmp_path):
    folder = tmp_path / "p[" / "x]"  # the path holds "[/x]"
    bold = write(folder / "[b]x.txt", "甲文件。")
    red = write(folder / "[red]y[/red].md", "乙文件。")
    gb = folder / "[link=https:x]z.txt"
    gb.write_bytes("丙文件。\n".encode("gb18030"))  # reported (-v or not): its name is printed
    out = tmp_path / "out"
    result = cli("translate", str(folder), "-o", str(out), "--glossary-mode", "off", "--format", "txt", "-v")
    assert result.exit_code == 0, result.output
    for path in (bold, red, gb):
        assert str(path) in result.stderr  # the table and the -v lines, verbatim
    assert f"{gb}: encoding gb18030" in result.stderr
    assert (out / "[b]x.en.txt").read_text(encoding="utf-8") == "T(甲文件。)\n"


def test_markup_in_the_output_folder_and_the_report_is_still_written(cli, tmp_path):
    write(tmp_path / "a.txt", "甲文件。")
    out, report = tmp_path / "o[" / "o]", tmp_path / "r[/r].json"
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(out), "--glossary-mode", "off",
                 "--report", str(report))
    assert result.exit_code == 0, result.output
    assert f"in {out}" in result.stderr
    assert json.loads(report.read_text())["files"][0]["status"] == "done"


def test_markup_in_failure_messages_prints_literally(cli, tmp_path):
    write(tmp_path / "in" / "[bold]empty[/bold].txt", "")
    result = cli("translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glossary-mode", "off")
    assert result.exit_code == 1
    assert f"bitext: {tmp_path / 'in' / '[bold]empty[/bold].txt'}: nothing to translate" in result.stderr


def test_eval_prints_document_names_literally(tmp_path):
    from typer.testing import CliRunner

    from bitext.cli.main import app

    for side in ("hyp", "ref"):
        write(tmp_path / side / "[b]a[i].txt", "The people are the creators of history.")
        write(tmp_path / side / "b.txt", "Reform and opening up.")
    result = CliRunner().invoke(app, ["eval", "--hyp", str(tmp_path / "hyp"), "--ref", str(tmp_path / "ref")],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[b]a[i].txt" in result.output
