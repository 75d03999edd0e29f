"""Issue 12, stopping: SIGTERM and Ctrl-C act between sub-batches, and ``--report`` is always written.

CTranslate2 used to get a whole batch in one ``translate_batch`` call, which holds the main thread in
C++ until the last sub-batch is done: a signal waited minutes on a slow model. Now sub-batches go in
one per worker at a time and the main thread waits where a signal reaches it; after a signal no new
sub-batch starts. The report (``--report``) now records every run that started, whatever its exit code.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bitext.core.errors import FormatError, ModelUnavailable
from textfiles import write

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent


def report_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- the report, whatever the exit code -------------------------------------------------------------

def test_report_after_ctrl_c_lists_what_was_done(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "甲文件。")
    write(tmp_path / "in" / "b.txt", "乙文件。")
    cli.backend.fail_after = 1  # the second model call is interrupted
    report = tmp_path / "r.json"
    result = cli("translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glossary-mode", "off",
                 "--report", str(report))
    assert result.exit_code == 130
    data = report_of(report)
    assert data["exit_code"] == 130 and data["error"] == "interrupted"
    assert [(Path(f["input"]).name, f["status"]) for f in data["files"]] == [("a.txt", "done")]
    assert data["model_calls"] == 1


def test_report_when_the_model_is_unavailable(cli, tmp_path, monkeypatch):
    import bitext.translate.runner

    def unavailable(options):
        raise ModelUnavailable("model 'nope' not found (looked in the hub cache)")

    monkeypatch.setattr(bitext.translate.runner, "make_backend", unavailable)
    write(tmp_path / "a.txt", "甲文件。")
    report = tmp_path / "r.json"
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == 3
    assert report_of(report)["exit_code"] == 3 and "not found" in report_of(report)["error"]


def test_report_on_usage_errors_found_after_the_run_started(cli, tmp_path):
    write(tmp_path / "in" / "x.txt", "甲。")
    write(tmp_path / "in" / "x.md", "乙。")
    report = tmp_path / "r.json"
    result = cli("translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == 2 and report_of(report)["exit_code"] == 2
    assert "would both be written to" in report_of(report)["error"]

    bad = write(tmp_path / "bad.tsv", "zh\ten\n只有一列")
    result = cli("translate", str(tmp_path / "in" / "x.txt"), "-o", str(tmp_path / "out"), "--glossary", str(bad),
                 "--report", str(report))
    assert result.exit_code == FormatError.exit_code == 2
    assert report_of(report)["exit_code"] == 2 and str(bad) in report_of(report)["error"]


def test_report_when_the_output_folder_cannot_be_written(cli, tmp_path):
    write(tmp_path / "a.txt", "甲文件。")
    blocker = write(tmp_path / "out", "a file where the output folder should be")
    report = tmp_path / "r.json"
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(blocker), "--glossary-mode", "off",
                 "--report", str(report))
    assert result.exit_code == 4
    assert report_of(report)["exit_code"] == 4 and "cannot write output file" in report_of(report)["error"]


def test_report_that_cannot_be_written_is_exit_4_and_says_why(cli, tmp_path):
    write(tmp_path / "a.txt", "甲文件。")
    blocker = write(tmp_path / "blocker", "x")
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--glossary-mode", "off",
                 "--report", str(blocker / "r.json"))
    assert result.exit_code == 4 and str(blocker / "r.json") in result.stderr


# --- CTranslate2: a signal stops between sub-batches --------------------------------------------------

class _Pending:
    """What translate_batch(asynchronous=True) returns, done after ``seconds``."""

    def __init__(self, tokens, seconds: float):
        self.tokens, self.ready = tokens, time.monotonic() + seconds

    def done(self) -> bool:
        return time.monotonic() >= self.ready

    def result(self):
        from types import SimpleNamespace

        return SimpleNamespace(hypotheses=[list(self.tokens)])


class _SlowTranslator:
    def __init__(self, seconds: float):
        self.seconds, self.calls = seconds, []

    def translate_batch(self, tokens, *, asynchronous=False, **kwargs):
        assert asynchronous, "a synchronous call holds the main thread until the whole call is done"
        self.calls.append(len(tokens))
        return [_Pending(t, self.seconds) for t in tokens]


def _backend(translator, workers: int = 2):
    from types import SimpleNamespace

    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.backends.ctranslate2_backend import CTranslate2Backend, ThreadPlan

    backend = object.__new__(CTranslate2Backend)  # no model: only the decoding loop is under test
    backend.options = GenerationOptions(beams=4)
    backend.plan = ThreadPlan(workers=workers, threads=1)
    backend.tokenizer = SimpleNamespace(target_prefix=None)
    backend.translator = translator
    return backend


def test_sub_batches_cover_every_input_once_within_the_budget():
    from bitext.translate.backends.ctranslate2_backend import sub_batches

    lengths = [5, 40, 3, 17, 17, 90, 1, 60, 8]
    groups = sub_batches(lengths, 64)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    assert all(sum(lengths[i] for i in g) <= 64 or len(g) == 1 for g in groups)
    assert [lengths[g[0]] for g in groups] == sorted((lengths[g[0]] for g in groups), reverse=True)


def test_decoding_keeps_order_with_one_sub_batch_per_worker_in_flight():
    translator = _SlowTranslator(0.01)
    tokens = [[f"t{i}"] * (50 + i % 60) for i in range(50)]  # sub-batches of 1,024 tokens (beam 4)
    assert [r.hypotheses[0] for r in _backend(translator)._decode(tokens, max_decoding_length=8)] == tokens
    assert sum(translator.calls) == 50 and len(translator.calls) > 2


def test_an_interrupt_stops_the_wait_at_once_and_starts_nothing_more():
    import _thread
    import threading

    translator = _SlowTranslator(0.5)
    tokens = [["x"] * 100 for _ in range(40)]  # 1,024 tokens × beams per sub-batch: 10 inputs, 4 sub-batches
    timer = threading.Timer(0.2, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        _backend(translator)._decode(tokens, max_decoding_length=8)
    assert time.monotonic() - started < 0.45  # before the first sub-batches would have finished
    assert translator.calls == [10, 10]  # one per worker; the other two never started

# The real CLI with the CTranslate2 backend; every translate_batch call is logged (how many inputs
# it started), and sub-batches are kept small so that a whole batch is many of them.
LAUNCHER = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from pathlib import Path
from bitext.translate.backends import ctranslate2_backend as ct2

ct2.DECODE_TOKENS = 256
log = Path(sys.argv[1])
init = ct2.CTranslate2Backend.__init__

class Logged:
    def __init__(self, translator):
        self.translator = translator

    def translate_batch(self, tokens, **kwargs):
        with log.open("a") as fh:
            fh.write(f"{{len(tokens)}}\\n")
        return self.translator.translate_batch(tokens, **kwargs)

def logged_init(self, *args, **kwargs):
    init(self, *args, **kwargs)
    self.translator = Logged(self.translator)

ct2.CTranslate2Backend.__init__ = logged_init
from bitext.cli.main import main
sys.argv = ["bitext", *sys.argv[2:]]
main()
"""


@pytest.mark.slow
def test_sigterm_stops_ctranslate2_between_sub_batches(tiny_model_dir, tmp_path):
    pytest.importorskip("ctranslate2")
    lines = [f"第{i}段：党员干部深入基层倾听群众呼声推进乡村振兴。" for i in range(600)]
    write(tmp_path / "in" / "doc.txt", "\n\n".join(lines))
    log, report = tmp_path / "submitted.log", tmp_path / "r.json"
    args = [sys.executable, "-c", LAUNCHER, str(log), "translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
            "--model", str(tiny_model_dir), "--backend", "ctranslate2", "--batch-size", "600", "--beams", "4",
            "--glossary-mode", "off", "--report", str(report)]
    env = dict(os.environ, BITEXT_CACHE_DIR=str(tmp_path / "cache"), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while not log.exists():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "decoding never started"
        time.sleep(0.02)
    time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    _, err = process.communicate(timeout=120)
    stopped_after = time.monotonic() - signalled
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    submitted = [int(n) for n in log.read_text().split()]
    # The old code handed all 600 to CTranslate2 at once, and stopped only when all were done.
    assert len(submitted) > 1 and max(submitted) < 100 and sum(submitted) < 300, submitted
    assert stopped_after < 15
    assert report_of(report)["exit_code"] == 130
