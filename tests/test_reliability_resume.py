"""Issue 7, interruptions and a shared cache, with real processes and real signals.

* three `bitext translate` processes on one cache at the same time all finish, with identical outputs;
* SIGTERM mid-batch, then the same command again (interrupted once more with SIGINT = Ctrl-C, then
  run to the end): nothing finished is translated twice, and the outputs are byte-identical to an
  uninterrupted run's, apart from the creation timestamps TMX and HTML carry.

These run the real CLI in subprocesses with a slow echo backend patched in (a launcher script), so the
moment of the signal is under control and a run takes a second, not a model load. One slow test does
the SIGTERM-and-resume round with the tiny Marian model, interrupting generation inside torch.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FORMATS = "txt,tsv,jsonl,tmx,html"
DOCS = 3
SENTENCES = 8
SEGMENTS = DOCS * (SENTENCES + 1)  # + one heading per document

# `python -c LAUNCHER translate …`: the real CLI, with a backend that takes DELAY seconds a batch.
LAUNCHER = f"""
import sys, time
sys.path.insert(0, {str(TESTS)!r})
from fakes import EchoBackend
import bitext.translate.runner

class SlowEcho(EchoBackend):
    def translate(self, texts):
        time.sleep(float(__import__("os").environ["ECHO_DELAY"]))
        return super().translate(texts)

bitext.translate.runner.make_backend = lambda options: SlowEcho(limit=40)
from bitext.cli.main import main
sys.argv = ["bitext", *sys.argv[1:]]
main()
"""


def write_inputs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    phrases = ["党员干部深入基层", "倾听群众呼声", "推进乡村振兴", "加强生态保护", "完善社会保障", "发展数字经济"]
    for d in range(DOCS):
        lines = [f"## 第{d + 1}篇"]
        for k in range(SENTENCES):
            lines.append(f"{phrases[(d + k) % 6]}，第{d + 1}篇第{k + 1}句{phrases[k % 6][:2]}。")
        (folder / f"doc{d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def command(inputs: Path, out: Path, report: Path, model: Path | None = None, glossary: str = "off") -> list[str]:
    """The same `bitext translate` command line every time; ``model`` None: the slow echo backend."""
    # --batch-size 1: each segment alone through the model, so its translation cannot depend on
    # which other segments shared its batch (padding) in this run or another.
    head = [sys.executable, "-m", "bitext"] if model else [sys.executable, "-c", LAUNCHER]
    return [*head, "translate", str(inputs), "-o", str(out), "--model", str(model or "echo"), "--format", FORMATS,
            "--beams", "1", "--batch-size", "1", "--glossary-mode", glossary, "--report", str(report)]


def environment(cache: Path, delay: float = 0.05) -> dict[str, str]:
    return dict(os.environ, BITEXT_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                COLUMNS="300", PYTHONUNBUFFERED="1", ECHO_DELAY=str(delay))


def start(args: list[str], cache: Path) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, env=environment(cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def rows(cache: Path) -> int:
    db = cache / "segments.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    except sqlite3.OperationalError:  # created but no table yet
        return 0


def interrupt_after(args: list[str], cache: Path, more_rows: int, sig: int) -> tuple[int, str, int]:
    """Run, wait until the cache holds ``more_rows`` new segments, send ``sig``; (exit code, stderr, rows then)."""
    before = rows(cache)
    process = start(args, cache)
    deadline = time.monotonic() + 240
    while rows(cache) < before + more_rows:
        assert process.poll() is None, f"finished before it could be interrupted:\n{process.stderr.read()}"
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.05)
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err, rows(cache)


_TMX_DATES = re.compile(r'(creationdate="|<prop type="x-date">)[^"<]*')
_HTML_DATES = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?Z?")


def comparable(path: Path) -> bytes:
    """The file's bytes, minus the creation timestamps (the only thing allowed to differ)."""
    data = path.read_text(encoding="utf-8")
    if path.suffix == ".tmx":
        data = _TMX_DATES.sub(r"\1DATE", data)
    elif path.suffix == ".html":
        data = _HTML_DATES.sub("DATE", data)
    return data.encode("utf-8")


def outputs(folder: Path) -> list[str]:
    """The output files' names; the manifest (what bitext wrote, with hashes) is bookkeeping."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".bitext-manifest.jsonl")


def assert_same_outputs(got: Path, want: Path) -> None:
    names = outputs(want)
    assert outputs(got) == names
    assert len(names) == len(list(want.parent.glob("in/*.txt"))) * 5
    for name in names:
        if name.endswith((".txt", ".tsv", ".jsonl")):
            assert (got / name).read_bytes() == (want / name).read_bytes(), name
        else:
            assert comparable(got / name) == comparable(want / name), name


def test_three_processes_on_one_cache_all_finish(tmp_path):
    write_inputs(tmp_path / "in")
    cache = tmp_path / "cache"
    runs = [start(command(tmp_path / "in", tmp_path / f"out{i}", tmp_path / f"r{i}.json"), cache) for i in range(3)]
    results = [(p.communicate(timeout=120)[1], p.returncode)[::-1] for p in runs]
    for code, err in results:
        assert code == 0, err
        assert "Traceback" not in err and "locked" not in err
    for i in (1, 2):
        assert_same_outputs(tmp_path / f"out{i}", tmp_path / "out0")
    assert rows(cache) == SEGMENTS
    reports = [json.loads((tmp_path / f"r{i}.json").read_text()) for i in range(3)]
    for report in reports:
        assert report["failed"] == 0 and report["model_calls"] + report["cache_hits"] == SEGMENTS
    assert sum(r["model_calls"] for r in reports) >= SEGMENTS


@pytest.mark.parametrize("glossary", ["off", "enforce"])
def test_interrupted_twice_then_finished_equals_an_uninterrupted_run(tmp_path, glossary):
    # With "enforce" (the default) the echo backend never renders a term, so every segment with a
    # term goes through all three enforcement rounds: more model calls to interrupt and resume.
    write_inputs(tmp_path / "in")
    reference = subprocess.run(command(tmp_path / "in", tmp_path / "reference", tmp_path / "ref.json",
                                       glossary=glossary),
                               cwd=ROOT, env=environment(tmp_path / "ref-cache", delay=0), capture_output=True,
                               text=True, timeout=120)
    assert reference.returncode == 0, reference.stderr
    calls = json.loads((tmp_path / "ref.json").read_text())["model_calls"]  # model strings in a whole run
    assert calls == SEGMENTS if glossary == "off" else calls > SEGMENTS

    cache, out, report = tmp_path / "cache", tmp_path / "out", tmp_path / "r.json"
    args = command(tmp_path / "in", out, report, glossary=glossary)
    code, err, done_first = interrupt_after(args, cache, 5, signal.SIGTERM)
    assert code == 130, err
    assert "interrupted" in err and "run the same command again" in err and "Traceback" not in err
    assert 5 <= done_first < calls
    # What exists is whole: finished documents' files, nothing half written, no temporary files.
    assert not out.exists() or not [p for p in outputs(out) if p.startswith(".") or p.endswith(".tmp")]
    for tsv in out.glob("*.tsv"):
        assert tsv.read_bytes() == (tmp_path / "reference" / tsv.name).read_bytes()

    code, err, done_second = interrupt_after(args, cache, 9, signal.SIGINT)  # Ctrl-C this time
    assert code == 130 and "Traceback" not in err, err
    assert done_first + 9 <= done_second < calls

    finished = subprocess.run(args, cwd=ROOT, env=environment(cache), capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    summary = json.loads(report.read_text())
    # The last run sent to the model exactly what the interrupted ones had not finished; documents
    # already written were skipped, the others' finished segments came from the cache.
    assert summary["model_calls"] == calls - done_second
    per_file = {f["input"]: f["model_calls"] for f in json.loads((tmp_path / "ref.json").read_text())["files"]}
    skipped = [f["input"] for f in summary["files"] if f["status"] == "skipped"]
    assert summary["cache_hits"] + sum(per_file[name] for name in skipped) == done_second
    assert rows(cache) == calls
    assert_same_outputs(out, tmp_path / "reference")


@pytest.mark.slow
def test_sigterm_inside_the_real_model_then_resume(tiny_model_dir, tmp_path):
    """Random weights generate up to the length cap: slow enough to be caught mid-generation."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "doc.txt").write_text("党员干部推进乡村振兴。企业支持科技创新。政府完善公共服务。村民需要医疗。\n",
                                    encoding="utf-8")
    cache, out, report = tmp_path / "cache", tmp_path / "out", tmp_path / "r.json"
    args = command(folder, out, report, model=tiny_model_dir)
    code, err, done = interrupt_after(args, cache, 1, signal.SIGTERM)
    assert code == 130 and "Traceback" not in err, err
    assert 1 <= done < 4 and not out.exists()

    resumed = subprocess.run(args, cwd=ROOT, env=environment(cache), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(report.read_text())
    assert summary["cache_hits"] == done and summary["model_calls"] == 4 - done

    # Uninterrupted and without the cache: the same translations.
    fresh = subprocess.run([*args[:-2], "--no-cache", "-o", str(tmp_path / "fresh")], cwd=ROOT,
                           env=environment(cache), capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    for name in ("doc.en.txt", "doc.tsv", "doc.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
