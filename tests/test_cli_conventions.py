"""Issue 17: a command line that follows the conventions people know from other tools.

Help that reads at 80 columns and lists the choices, positive flag pairs, one spelling per option,
progress that suits a terminal and a log, pipes in and out, one error format and exit code, honest
counts, one-sentence-per-line detection in `bitext align`, the generation caps, shell completion and
a packaging configuration that builds without warnings.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bitext.cli.main import app
from bitext.core.choices import (BACKENDS, DEVICES, GLOSSARY_MODES, OUTPUT_FORMATS, SEGMENTATIONS, TMX_LEVELS,
                                 UNITS)

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

# The real CLI in a subprocess, with the echo backend standing in for the model (as in
# test_reliability_resume): stderr and stdout are real pipes or a real terminal.
LAUNCHER = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from fakes import EchoBackend
import bitext.translate.runner

bitext.translate.runner.make_backend = lambda options: EchoBackend(limit=40)
from bitext.cli.main import main
sys.argv = ["bitext", *sys.argv[1:]]
main()
"""


def environment(cache: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, BITEXT_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def echo_bitext(*args: str, cache: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LAUNCHER, *args], cwd=ROOT, env=environment(cache),
                          capture_output=True, text=True, timeout=120, **kwargs)


def write_docs(folder: Path, n: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(n):
        # Every sentence differs from every other document's, so no document hits the cache of another.
        n_ = d + 1
        (folder / f"doc{d}.txt").write_text(f"## 第{n_}篇\n\n党员干部第{n_}次深入基层，推进乡村振兴。倾听第{n_}批群众呼声。"
                                            f"\n\n加强生态保护，第{n_}篇。\n", encoding="utf-8")
    return folder


# --- 2. help that reads at 80 columns -------------------------------------------------------------

def every_command() -> list[list[str]]:
    paths = []

    def walk(command, path):
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


def help_text(path: list[str]) -> str:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_help_reads_cleanly_at_80_columns():
    paths = every_command()
    assert ["translate"] in paths and ["glossary", "export"] in paths and ["model", "convert"] in paths
    for path in paths:
        text = help_text(path)
        where = f"bitext {' '.join(path)} --help"
        for line in text.splitlines():
            assert len(line) <= 80, f"{where}: {line!r}"
        # A metavar is a word (DIR, FILE, N) or the list of choices (<a|b>), never a Python type.
        for metavar in re.findall(r"<[a-z][^<>\n]*>", text):  # Typer writes types in lower case: <int range>
            assert "|" in metavar, f"{where}: {metavar}"
        assert "{" not in text.splitlines()[0], f"{where}: {text.splitlines()[0]}"
        commands = text.split("Commands:")[1].split("\n\n")[0] if "Commands:" in text else ""
        assert "..." not in commands, f"{where}: a command summary is cut off:\n{commands}"


def test_top_level_help_through_the_installed_entry_point():
    result = subprocess.run([sys.executable, "-m", "bitext", "--help"], capture_output=True, text=True, cwd=ROOT,
                            env=dict(os.environ, COLUMNS="80"), timeout=60)
    assert result.returncode == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "translate  Translate Chinese documents into English." in result.stdout


@pytest.mark.parametrize("option, choices", [
    ("--backend", BACKENDS), ("--device", DEVICES), ("--unit", UNITS), ("--segmentation", SEGMENTATIONS),
    ("--glossary-mode", GLOSSARY_MODES), ("--tmx-level", TMX_LEVELS),
])
def test_choices_are_listed_and_a_bad_value_is_rejected_with_the_list(cli, tmp_path, option, choices):
    assert f"{option} <{'|'.join(choices)}>" in help_text(["translate"]).replace("\n  ", " ")
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    result = cli("translate", str(doc), "-o", str(tmp_path / "out"), option, "nonsense")
    assert result.exit_code == 2
    assert "bitext: error:" in result.stderr and option in result.stderr
    assert ", ".join(repr(c) for c in choices) in result.stderr
    assert not (tmp_path / "out").exists()


def test_format_help_lists_the_formats_and_a_bad_one_is_a_usage_error(cli, tmp_path):
    for path in (["translate"], ["align"]):
        flat = " ".join(help_text(path).split())
        assert "-f, --format FORMATS" in flat and ", ".join(OUTPUT_FORMATS) in flat
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    result = cli("translate", str(doc), "-o", str(tmp_path / "out"), "-f", "tmx,docx")
    assert result.exit_code == 2 and result.stderr.startswith("bitext: error:") and "'docx'" in result.stderr
    assert "valid formats: " + ", ".join(OUTPUT_FORMATS) in result.stderr


# --- 1. positive flag pairs -------------------------------------------------------------------------

def test_flags_are_positive_pairs():
    for path in every_command():
        assert "--no-no-" not in help_text(path), path
    for path in (["translate"], ["glossary", "list"], ["glossary", "lookup"], ["glossary", "export"], ["eval"]):
        assert "--builtin-glossary / --no-builtin-glossary" in help_text(path), path
    assert "--cache / --no-cache" in help_text(["translate"])


def test_no_cache_neither_reads_nor_writes_the_cache(cli, tmp_path, cache_dir):
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    args = ("translate", str(doc), "-o", str(tmp_path / "out"), "-f", "txt", "--report", str(tmp_path / "r.json"))
    assert cli(*args, "--no-cache").exit_code == 0
    assert not (cache_dir / "segments.sqlite").exists()
    assert cli(*args, "--cache").exit_code == 0
    assert cli(*args, "--no-cache").exit_code == 0
    assert json.loads((tmp_path / "r.json").read_text())["cache_hits"] == 0
    assert cli(*args).exit_code == 0  # --cache is the default
    assert json.loads((tmp_path / "r.json").read_text())["model_calls"] == 0


def test_builtin_glossary_pair(tmp_path):
    user = tmp_path / "user.tsv"
    user.write_text("zh\ten\n党支部\tParty branch\n", encoding="utf-8")
    runner = CliRunner()
    only_user = runner.invoke(app, ["glossary", "list", "-g", str(user), "--no-builtin-glossary"])
    assert only_user.exit_code == 0 and only_user.stdout.splitlines() == ["党支部\tParty branch\tother"]
    both = runner.invoke(app, ["glossary", "list", "-g", str(user), "--builtin-glossary"])
    assert both.exit_code == 0 and len(both.stdout.splitlines()) > 100
    assert runner.invoke(app, ["glossary", "list", "-g", str(user)]).stdout == both.stdout


# --- 3. one spelling for one thing ----------------------------------------------------------------

def test_commands_that_write_files_take_o_output_and_formats_f_format():
    root = typer.main.get_command(app)
    commands = {"translate": root.commands["translate"], "align": root.commands["align"],
                "glossary export": root.commands["glossary"].commands["export"],
                "model convert": root.commands["model"].commands["convert"]}
    for name, command in commands.items():
        options = {tuple(sorted(p.opts)) for p in command.params}
        assert any({"-o", "--output"} <= set(o) for o in options), name
        if name != "model convert":
            assert ("--format", "-f") in options, name


ZH = "我们今天去了公园。天气非常好。\n他买了三本书，然后回家了。\n"
EN = "We went to the park today. The weather was very good.\nHe bought three books. Then he went home.\n"


def test_align_takes_o_and_the_old_out_and_f(tmp_path):
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    for spelling in ("-o", "--output", "--out"):
        out = tmp_path / spelling.strip("-")
        result = CliRunner().invoke(app, ["align", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"), spelling,
                                          str(out), "-f", "beads"])
        assert result.exit_code == 0, result.output
        assert (out / "zh.align").read_text() == "[0]:[0]\n[1]:[1]\n[2]:[2,3]\n"


def test_glossary_export_to_a_file_or_stdout(tmp_path):
    user = tmp_path / "user.tsv"
    user.write_text("zh\ten\n党支部\tParty branch\n", encoding="utf-8")
    args = ["glossary", "export", "-f", "csv", "-g", str(user), "--no-builtin-glossary"]
    to_file = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "g.csv")])
    assert to_file.exit_code == 0 and "党支部" in (tmp_path / "g.csv").read_text(encoding="utf-8")
    to_stdout = CliRunner().invoke(app, [*args, "-o", "-"])
    assert to_stdout.exit_code == 0 and to_stdout.stdout == (tmp_path / "g.csv").read_text(encoding="utf-8")
    assert not (tmp_path / "-").exists()


# --- 6. one error format, usage errors exit 2 ------------------------------------------------------

def test_align_folder_with_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "001").write_text(ZH, encoding="utf-8")
    (tmp_path / "tgt").mkdir()
    (tmp_path / "tgt" / "001").write_text(EN, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bitext", "align", str(tmp_path / "src"),
                             str(tmp_path / "tgt" / "001"), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("bitext: error: ZH and EN must both be files or both folders")
    assert result.stdout == "" and not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, expected", [
    (["translate"], "Missing argument 'INPUT'"),
    (["translate", "x.txt", "--bogus"], "No such option: --bogus"),
    (["translate", "x.txt", "--beams", "0"], "--beams"),
    (["align", "a"], "Missing argument 'EN'"),
    (["glossary", "export", "-f", "xlsx"], "'tsv', 'csv', 'tbx'"),
    (["model", "convert", "m", "-q", "int4"], "'int8', 'int8_float32', 'float32'"),
    (["eval", "--ref", "r.txt"], "Missing option '--hyp'"),
])
def test_usage_errors_look_alike_everywhere(args, expected):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Usage: bitext {args[0]}")
    command = " ".join(args[:2] if args[0] in ("glossary", "model") else args[:1])
    assert lines[1] == f"Try 'bitext {command} --help' for help."
    assert lines[-1].startswith("bitext: error: ") and expected in lines[-1]
    assert result.stdout == ""


def test_bitext_errors_from_every_command_start_the_same(tmp_path):
    runner = CliRunner()
    missing = str(tmp_path / "missing.tsv")
    for args in (["glossary", "list", "-g", missing], ["glossary", "export", "-g", missing],
                 ["eval", "--hyp", missing, "--ref", missing], ["translate", missing]):
        result = runner.invoke(app, args)
        assert result.exit_code in (1, 2), args
        assert result.stderr.startswith("bitext: error: "), (args, result.stderr)
        assert "missing.tsv" in result.stderr and "Traceback" not in result.output


# --- 4. progress on a terminal, in a log, and quiet -----------------------------------------------

def test_plain_log_lines_when_stderr_is_a_pipe(tmp_path):
    inputs = write_docs(tmp_path / "in", 3)
    result = echo_bitext("translate", str(inputs), "-o", str(tmp_path / "out"), "-f", "txt",
                         cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "bitext: 3 document(s); model Helsinki-NLP/opus-mt-zh-en (transformers)"
    for d in range(3):
        line = next(line for line in lines if line.startswith(f"bitext: [{d + 1}/3] doc{d}.txt: "))
        assert re.search(r": 4 segments, \d+ model calls, 0 cache hits in \d+\.\d s; [\d,]+ source tokens/s", line)
        assert ("left" in line) == (d < 2), line  # a time-left estimate while documents remain
    assert not any("\x1b[" in line for line in lines)  # no terminal control codes in a log
    assert lines[-1].startswith("3 of 3 files done; 12 segments, ")


def test_heartbeat_inside_a_long_document(cli, tmp_path, monkeypatch):
    import bitext.cli.progress

    monkeypatch.setattr(bitext.cli.progress, "HEARTBEAT_S", 0.0)
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    result = cli("translate", str(doc), "-o", str(tmp_path / "out"), "-f", "txt", "--batch-size", "1")
    assert result.exit_code == 0
    assert re.search(r"bitext: \[1/1\] doc0.txt: \d+ model calls so far; [\d,]+ source tokens/s", result.stderr)


def test_quiet_prints_only_errors_and_the_final_line(tmp_path):
    inputs = write_docs(tmp_path / "in", 2)
    (inputs / "empty.txt").write_text("\n", encoding="utf-8")
    result = echo_bitext("translate", str(inputs), "-o", str(tmp_path / "out"), "-f", "txt", "--quiet",
                         cache=tmp_path / "cache")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("bitext: ") and "empty.txt: nothing to translate" in lines[0]
    assert lines[1].startswith("2 of 3 files done; 8 segments, ")


def test_rich_bar_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    inputs = write_docs(tmp_path / "in", 2)
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", LAUNCHER, "translate", str(inputs), "-o", str(tmp_path / "out"),
                                "-f", "txt"], cwd=ROOT, env=environment(tmp_path / "cache", COLUMNS="120"),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal's other end closed: the process is gone
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert process.wait(timeout=120) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "loading model" in screen and "\x1b[" in screen  # the live bar, drawn with control codes
    assert "bitext: [1/2]" not in screen  # no log lines on a terminal
    assert "2 of 2 files done; 8 segments, " in screen


# --- 5. pipes -------------------------------------------------------------------------------------

def test_stdin_to_stdout_txt(tmp_path):
    text = "## 第一篇\n\n党员干部深入基层。推进乡村振兴。\n"
    result = echo_bitext("translate", "-", "-o", "-", "-f", "txt", "--glossary-mode", "off",
                         cache=tmp_path / "cache", input=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "## T(第一篇)\n\nT(党员干部深入基层。) T(推进乡村振兴。)\n"
    assert "English (txt) written to stdout" in result.stderr
    assert not (ROOT / "-").exists() and not (tmp_path / "-").exists()


def test_stdin_to_stdout_jsonl_and_several_inputs_in_order(tmp_path):
    inputs = write_docs(tmp_path / "in", 2)
    result = echo_bitext("translate", str(inputs / "doc1.txt"), str(inputs / "doc0.txt"), "-o", "-", "-f", "jsonl",
                         cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"] for r in records][0] == "doc1" and records[-1]["document"] == "doc0"
    assert all(r["target"].startswith("T(") for r in records if r["target"])


@pytest.mark.parametrize("formats", ["tmx", "txt,jsonl", "html"])
def test_stdout_takes_one_stream_format(cli, tmp_path, formats):
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    result = cli("translate", str(doc), "-o", "-", "-f", formats)
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: -o - writes one format to stdout: txt or jsonl")
    assert result.stdout == "" and cli.backend.calls == []


@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_a_reader_that_leaves_early_is_not_an_error(tmp_path, reader):
    # `true` never reads: the first write meets a closed pipe, whatever the pipe's buffer size.
    shell = f"{sys.executable} -m bitext glossary list | {reader}"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_translate_to_a_closed_pipe_is_not_an_error(tmp_path):
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    shell = f"{sys.executable} {launcher} translate {doc} -o - -f txt -q | true"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, cwd=ROOT,
                            env=environment(tmp_path / "cache"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


# --- 7. honest counts -----------------------------------------------------------------------------

def test_segments_model_calls_and_cache_hits_agree_everywhere(cli, tmp_path):
    inputs = write_docs(tmp_path / "in", 2)
    report = tmp_path / "r.json"
    args = ("translate", str(inputs), "-o", str(tmp_path / "out"), "-f", "txt", "--report", str(report))
    first = cli(*args)
    assert first.exit_code == 0
    data = json.loads(report.read_text())
    sent = sum(len(call) for call in cli.backend.calls)
    # The echo backend never renders a term: segments with one go back to the model (glossary retries).
    assert data["segments"] == 8 and data["model_calls"] == sent > data["segments"] and data["cache_hits"] == 0
    assert sum(f["segments"] for f in data["files"]) == data["segments"]
    assert sum(f["model_calls"] for f in data["files"]) == data["model_calls"]
    footer = f"8 segments, {sent} model calls, 0 cache hits"
    assert footer in first.stderr
    table = first.stderr.split("bitext translate")[1]
    assert "model calls" in table and "cache hits" in table

    second = cli(*args)  # the documents are complete: skipped, not counted again
    data = json.loads(report.read_text())
    assert data["skipped"] == 2 and data["segments"] == data["model_calls"] == data["cache_hits"] == 0
    assert "2 of 2 files done (2 skipped: outputs complete); 0 segments, 0 model calls, 0 cache hits" in second.stderr

    third = cli(*args[:3], str(tmp_path / "out2"), *args[4:])  # another folder: from the cache
    data = json.loads(report.read_text())
    assert data["segments"] == 8 and data["model_calls"] == 0 and data["cache_hits"] == sent
    assert f"8 segments, 0 model calls, {sent} cache hits" in third.stderr
    assert sum(f["cache_hits"] for f in data["files"]) == sent


# --- 8. one sentence per line in `bitext align` ---------------------------------------------------

SENTENCES_ZH = ["我们今天去了公园。", "天气非常好。", "他买了三本书。", "然后他回家了。", "晚上下雨了。", "我们在家看书。"]
SENTENCES_EN = ["We went to the park today.", "The weather was very good.", "He bought three books.",
                "Then he went home.", "It rained in the evening.", "We read at home."]


def test_align_detects_one_sentence_per_line_and_says_so(tmp_path):
    (tmp_path / "zh.txt").write_text("\n".join(SENTENCES_ZH) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(SENTENCES_EN) + "\n", encoding="utf-8")
    outputs = {}
    for flag in ("", "--presegmented", "--no-presegmented"):
        out = tmp_path / (flag or "auto")
        args = ["align", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"), "-o", str(out), "-f", "beads"]
        result = CliRunner().invoke(app, args + ([flag] if flag else []))
        assert result.exit_code == 0, result.output
        assert ("one sentence per line: aligned as --presegmented" in result.stdout) == (flag == ""), flag
        outputs[flag] = (out / "zh.align").read_text()
    assert outputs[""] == outputs["--presegmented"] == "".join(f"[{i}]:[{i}]\n" for i in range(6))


def test_sentence_per_line_tells_sentences_from_paragraphs():
    from bitext.translate.align_run import sentence_per_line

    assert sentence_per_line(SENTENCES_ZH, SENTENCES_EN)
    paragraphs_zh = ["".join(SENTENCES_ZH[i:i + 2]) for i in range(0, 6, 2)] * 2
    paragraphs_en = [" ".join(SENTENCES_EN[i:i + 2]) for i in range(0, 6, 2)] * 2
    assert not sentence_per_line(paragraphs_zh, paragraphs_en)
    assert not sentence_per_line(SENTENCES_ZH, paragraphs_en)  # both sides must look so
    assert not sentence_per_line(SENTENCES_ZH[:3], SENTENCES_EN[:3])  # too short to tell


# --- 10. generation caps --------------------------------------------------------------------------

def test_generation_caps_reach_the_model_and_are_checked(cli, tmp_path, monkeypatch):
    import bitext.translate.runner

    seen = []
    monkeypatch.setattr(bitext.translate.runner, "make_backend",
                        lambda options: seen.append(options.generation) or cli.backend)
    doc = write_docs(tmp_path / "in", 1) / "doc0.txt"
    base = ("translate", str(doc), "-o", str(tmp_path / "out"), "-f", "txt")
    assert cli(*base, "--max-new-tokens", "64", "--max-length-ratio", "1.5").exit_code == 0
    assert (seen[-1].max_new_tokens, seen[-1].max_length_ratio) == (64, 1.5)
    assert seen[-1].caps([10, 100]) == [25, 64]
    for bad, message in ((("--max-new-tokens", "0"), "--max-new-tokens"),
                         (("--max-length-ratio", "0"), "max_length_ratio must be above 0"),
                         (("--max-length-ratio", "-2"), "max_length_ratio must be above 0")):
        result = cli(*base, *bad)
        assert result.exit_code == 2 and "bitext: error:" in result.stderr and message in result.stderr
    assert len(seen) == 1


def test_align_model_gets_the_generation_caps(tmp_path, monkeypatch):
    import bitext.translate.engine

    seen = []

    class Lines:
        def translate(self, texts):
            return list(texts)

        def close(self):
            pass

    monkeypatch.setattr(bitext.translate.engine, "load_translator",
                        lambda model, backend, generation: seen.append(generation) or Lines())
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    result = CliRunner().invoke(app, ["align", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"), "-o",
                                      str(tmp_path / "out"), "-f", "beads", "--model", "m", "--max-new-tokens", "32",
                                      "--max-length-ratio", "2"])
    assert result.exit_code == 0, result.output
    assert (seen[0].max_new_tokens, seen[0].max_length_ratio) == (32, 2.0)


# --- 11. shell completion -------------------------------------------------------------------------

def test_shell_completion(tmp_path):
    assert "--install-completion" in help_text([])
    # Completion is keyed by the program's name, so this runs the installed `bitext` script.
    script = Path(sys.executable).with_name("bitext")
    assert script.is_file()
    env = dict(os.environ, _BITEXT_COMPLETE="complete_bash", COMP_WORDS="bitext translate --unit ", COMP_CWORD="3")
    result = subprocess.run([str(script)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0 and result.stdout.split() == list(UNITS)
    # Typer finds the shell among the process's ancestors; a test runner may have none (a detached job), a
    # user typing the command always does. (The "exit" keeps bash from replacing itself with the command.)
    shown = subprocess.run(["bash", "-c", f"'{script}' --show-completion; exit $?"], capture_output=True, text=True,
                           cwd=tmp_path, timeout=60)
    assert shown.returncode == 0 and "_BITEXT_COMPLETE=complete_bash" in shown.stdout


# --- 9. packaging without warnings of bitext's own ------------------------------------------------

BUILD = """
import sys, tempfile, warnings
from setuptools import build_meta

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with tempfile.TemporaryDirectory() as wheel_dir:
        build_meta.build_wheel(wheel_dir)
        build_meta.build_editable(wheel_dir)
for w in caught:
    print("WARNING:", w.category.__name__, str(w.message).splitlines()[0], file=sys.stderr)
"""


@pytest.mark.slow
def test_wheel_and_editable_builds_warn_of_nothing_in_bitexts_configuration():
    result = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    warned = [line for line in result.stderr.splitlines() if line.startswith("WARNING:")]
    # What is left is setuptools' note that every editable install gets (InformationOnly, "be careful
    # with folders named like the package"); its strict mode prints the same note and breaks
    # `import bitext.translate` from the repository root, whose bitext/ shadows the link tree.
    assert all(line == "WARNING: InformationOnly Editable installation." for line in warned), warned
