"""Writer registry, the plain formats (TSV, JSONL, Moses, TXT) and atomic output."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from test_writers_sample import para, sample_document

import bitext.writers.atomic as atomic
from bitext.core.aligned import AlignedDocument
from bitext.writers import (
    DEFAULT_FORMATS,
    FORMATS,
    WriterOptions,
    get_writer,
    parse_formats,
    write_outputs,
)
from bitext.core.errors import EXIT_OUTPUT, BitextError, OutputError

# ---- registry -------------------------------------------------------------------------------------


def test_formats_listed():
    assert set(FORMATS) >= {"tmx", "html", "tsv", "jsonl", "moses", "txt"}
    assert DEFAULT_FORMATS == ("tmx", "html", "txt")
    beads_file = Path(atomic.__file__).with_name("beads.py")
    assert ("beads" in FORMATS) == beads_file.is_file()


def test_every_writer_has_the_interface():
    for name in FORMATS:
        module = get_writer(name)
        assert isinstance(module.SUFFIX, str) and module.SUFFIX.startswith(".")
        assert callable(module.write)


def test_parse_formats():
    assert parse_formats("tmx,html") == ["tmx", "html"]
    assert parse_formats(" TMX , html,tmx,") == ["tmx", "html"]
    assert parse_formats(["txt"]) == ["txt"]


@pytest.mark.parametrize("spec", ["tmx,docx", "pdf", "", " , "])
def test_parse_formats_rejects_unknown(spec):
    with pytest.raises(BitextError) as info:
        parse_formats(spec)
    message = str(info.value)
    assert "valid formats: tmx, html" in message
    if "docx" in spec:
        assert "'docx'" in message


def test_unknown_format_writes_nothing(tmp_path):
    with pytest.raises(BitextError, match="unknown output format 'docx'"):
        write_outputs(sample_document(), tmp_path, ["tmx", "docx"])
    assert list(tmp_path.iterdir()) == []


def test_bad_tmx_level():
    with pytest.raises(BitextError, match="sentence, paragraph, both"):
        WriterOptions(tmx_level="word")


def test_write_all_formats(tmp_path):
    options = WriterOptions()
    names = [f for f in FORMATS if f != "beads"]
    written = write_outputs(sample_document("doc"), tmp_path / "out", names, options).files
    assert sorted(p.name for p in written) == sorted(
        ["doc.tmx", "doc.html", "doc.en.txt", "doc.tsv", "doc.jsonl", "doc.zh", "doc.en", "doc.xlf"]
    )
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    # No temporary file left; the manifest records what bitext wrote.
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")] == [".bitext-manifest.jsonl"]


def test_one_timestamp_for_all_files(tmp_path):
    write_outputs(sample_document("doc"), tmp_path, ["tmx", "html"])
    tmx_date = (tmp_path / "doc.tmx").read_text("utf-8").split('creationdate="')[1][:15]
    stamp = f"{tmx_date[0:4]}-{tmx_date[4:6]}-{tmx_date[6:8]} {tmx_date[9:11]}:{tmx_date[11:13]} UTC"
    assert stamp in (tmp_path / "doc.html").read_text("utf-8")


def test_unsafe_document_name_stays_in_out_dir(tmp_path):
    # A document name may be a relative path (its outputs go into subfolders), never one that leaves.
    for name, want in [("../evil/na:me", "evil/na_me.en.txt"), ("/etc/passwd", "etc/passwd.en.txt"),
                       ("a/../../b", "a/b.en.txt"), ("..", "document.en.txt"), (".hidden", "hidden.en.txt"),
                       ("a\\..\\b", "a/b.en.txt"), ("x\ny\x00z", "x_y_z.en.txt")]:
        (path,) = write_outputs(sample_document(name), tmp_path / "out", ["txt"]).files
        assert path == tmp_path / "out" / want, name


# ---- TSV ------------------------------------------------------------------------------------------


def test_tsv(tmp_path):
    (path,) = write_outputs(sample_document("d"), tmp_path, ["tsv"]).files
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "source\ttarget\tscore\tflags"
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == 4 for r in rows)
    assert rows[0][:3] == ["习近平在中央经济工作会议上发表重要讲话",
                           "Xi Jinping delivers an important speech at the Central Economic Work Conference",
                           "0.900"]
    flagged = {r[0]: r[3] for r in rows}
    assert set(flagged["推动高质量发展。这是首要任务。"].split(",")) == {"low-alignment-confidence", "term-missing"}
    assert flagged["附：会议全文见第二版。"] == "unaligned"  # the chunked flag belongs to the other bead
    assert flagged["经济运行总体平稳。"] == "empty-translation"
    assert "（本版责编" not in path.read_text("utf-8")  # untranslated furniture


def test_tsv_tabs_and_newlines_become_spaces(tmp_path):
    doc = AlignedDocument("d", [para(0, ["第一\t句\n。"], ["One\ttab\r\nand newline."])])
    (path,) = write_outputs(doc, tmp_path, ["tsv"]).files
    assert path.read_text("utf-8").splitlines()[1:] == ["第一 句 。\tOne tab and newline.\t0.900\t"]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"])
def test_tsv_cells_are_never_spreadsheet_formulas(tmp_path, cell):
    """Issue 12: a cell starting with = + - @ ran as a formula in a spreadsheet (OWASP CSV injection)."""
    doc = AlignedDocument("d", [para(0, [cell], [cell])])
    (path,) = write_outputs(doc, tmp_path, ["tsv"]).files
    source, target, _, _ = path.read_text("utf-8").splitlines()[1].split("\t")
    assert source == target == "'" + cell
    (jsonl,) = write_outputs(doc, tmp_path, ["jsonl"]).files
    assert json.loads(jsonl.read_text("utf-8").splitlines()[0])["source"] == cell  # other formats: exact text


# ---- JSONL ----------------------------------------------------------------------------------------


def test_jsonl(tmp_path):
    (path,) = write_outputs(sample_document("d"), tmp_path, ["jsonl"]).files
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(records) == 12  # 11 beads + the untranslated furniture paragraph
    first = records[0]
    assert first["document"] == "d" and first["paragraph"] == 0 and first["kind"] == "heading"
    assert first["level"] == 1 and first["alignment"] == "1-1" and first["origin"] == "mt"
    assert first["terms"][0] == {
        "zh": "中央经济工作会议", "en": "Central Economic Work Conference", "category": "institution",
        "source": "Xinhua style guide 2023", "start": 4, "end": 12, "realised": True,
        "rendering": "Central Economic Work Conference", "how": "model", "avoided": None,
    }
    two_one = next(r for r in records if r["alignment"] == "2-1")
    assert [s["index"] for s in two_one["source_sentences"]] == [0, 1]
    assert two_one["source_span"] == [0, 15]
    assert two_one["score"] == 0.41
    assert two_one["terms"][0]["realised"] is False
    furniture = next(r for r in records if r["kind"] == "furniture")
    assert furniture["target"] is None and furniture["bead"] is None
    assert next(r for r in records if r["paragraph"] == 6)["tm_hint"].startswith("We must strengthen")


def test_jsonl_without_furniture(tmp_path):
    (path,) = write_outputs(sample_document("d"), tmp_path, ["jsonl"], WriterOptions(include_furniture=False)).files
    assert all(json.loads(line)["kind"] != "furniture" for line in path.read_text("utf-8").splitlines())


# ---- Moses ----------------------------------------------------------------------------------------


def test_moses_line_parallel(tmp_path):
    zh, en = write_outputs(sample_document("d"), tmp_path, ["moses"]).files
    assert (zh.name, en.name) == ("d.zh", "d.en")
    zh_lines = zh.read_text("utf-8").splitlines()
    en_lines = en.read_text("utf-8").splitlines()
    assert len(zh_lines) == len(en_lines) == 9  # beads with text on both sides
    assert all(line.strip() for line in zh_lines + en_lines)
    i = zh_lines.index("人民是历史的创造者。")
    assert en_lines[i] == "The people are the creators of history."


# ---- TXT ------------------------------------------------------------------------------------------


def test_txt_keeps_structure(tmp_path):
    (path,) = write_outputs(sample_document("d"), tmp_path, ["txt"]).files
    text = path.read_text("utf-8")
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "# Xi Jinping delivers an important speech at the Central Economic Work Conference"
    assert blocks[1].startswith("The meeting stressed")
    assert len(blocks) == 6  # heading, p1, p2, caption, p6, p7: no furniture, no empty translation
    assert "本版" not in text


def test_txt_heading_levels(tmp_path):
    doc = AlignedDocument("d", [para(0, ["一、总体要求"], ["I. General\nRequirements"], kind="heading", level=2),
                                para(1, ["正文。"], ["Body."])])
    (path,) = write_outputs(doc, tmp_path, ["txt"]).files
    assert path.read_text("utf-8") == "## I. General Requirements\n\nBody.\n"


# ---- atomic writes --------------------------------------------------------------------------------


def test_atomic_replace_keeps_mode(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic.write_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_new_file_mode(tmp_path):
    atomic.write_text(tmp_path / "n.txt", "x")
    assert stat.S_IMODE((tmp_path / "n.txt").stat().st_mode) == 0o644


_real_fdopen = os.fdopen


class _DiskFull:
    """A file object that writes part of the data and then runs out of space."""

    def __init__(self, fd):
        self.fh = _real_fdopen(fd, "wb")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self):
        self.fh.flush()

    def fileno(self):
        return self.fh.fileno()


def test_disk_full_leaves_old_output_and_no_temp_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_outputs(sample_document("doc"), out, ["tmx"])
    before = (out / "doc.tmx").read_bytes()

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r": _DiskFull(fd))
    doc = sample_document("doc")
    doc.paragraphs[0].target = "Changed"
    with pytest.raises(OutputError) as info:
        write_outputs(doc, out, ["tmx"])
    assert info.value.exit_code == EXIT_OUTPUT
    assert str(out / "doc.tmx") in str(info.value)
    assert "No space left on device" in str(info.value)
    assert (out / "doc.tmx").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [".bitext-manifest.jsonl", "doc.tmx"]


def test_disk_full_on_new_output_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r": _DiskFull(fd))
    with pytest.raises(OutputError):
        write_outputs(sample_document("doc"), tmp_path, ["html"])
    assert list(tmp_path.iterdir()) == []


def test_fsync_failure_is_an_output_error(tmp_path, monkeypatch):
    def fail(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(OutputError, match="Input/output error"):
        atomic.write_text(tmp_path / "a.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_mid_write_cleans_up(tmp_path, monkeypatch):
    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(tmp_path / "a.txt", "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "doc.tmx").write_text("old")
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="Permission denied"):
            write_outputs(sample_document("doc"), ro, ["tmx"])
        assert (ro / "doc.tmx").read_text() == "old"
        assert [p.name for p in ro.iterdir()] == ["doc.tmx"]
    finally:
        ro.chmod(0o755)


def test_unwritable_directory_even_as_root(tmp_path, monkeypatch):
    """Root bypasses permissions, so also simulate the refusal where the temp file is created."""

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="Permission denied") as info:
        write_outputs(sample_document("doc"), tmp_path, ["txt"])
    assert str(tmp_path / "doc.en.txt") in str(info.value)


def test_output_dir_is_a_file(tmp_path):
    blocker = tmp_path / "outputs"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError) as info:
        write_outputs(sample_document("doc"), blocker, ["txt"])
    assert str(blocker / "doc.en.txt") in str(info.value)


def test_invalid_characters_are_counted_per_document_not_per_format(tmp_path):
    first = AlignedDocument("a", [para(0, ["今天\x0b天气。"], ["Nice\x01 weather."])])
    second = AlignedDocument("b", [para(0, ["明天\x00下雨。"], ["Rain tomorrow."])])
    written = write_outputs(first, tmp_path, ["tmx", "html", "tsv"])
    assert written.invalid_chars_removed == 2  # the same two characters in three files
    assert len(written.files) == 3
    written = write_outputs(second, tmp_path, ["tmx", "txt"])
    assert written.invalid_chars_removed == 1  # txt has no source side; TMX has it
    assert [p.name for p in written.files] == ["b.tmx", "b.en.txt"]


def test_remove_stale_temporaries_removes_only_what_no_writer_owns(tmp_path):
    dead = _a_dead_pid()
    now = 1_000_000_000.0
    host, other = atomic._HOST, "f" * 6 if atomic._HOST != "f" * 6 else "e" * 6

    def temp(name: str, age: float = 0.0) -> Path:
        path = tmp_path / name
        path.write_text("partial")
        os.utime(path, (now - age, now - age))
        return path

    gone = [temp(f".bitext-{host}-{dead}-a1.tmp"),  # made here by a process that is gone
            temp(f".bitext-{other}-{os.getpid()}-a2.tmp", 3601)]  # over an hour old, from elsewhere
    kept = [temp(f".bitext-{host}-{os.getpid()}-b1.tmp"),  # ours, its writer alive
            temp(f".bitext-{other}-{dead}-b2.tmp"),  # another machine's, recent: its pid means nothing here
            temp(f".bitext-{other}-{dead}-b3.tmp", 3600),  # an hour old, not more
            temp("report.tmp"), temp(f".bitext-{host}-{dead}-b4.txt")]  # not bitext's temporaries
    (tmp_path / f".bitext-{host}-{dead}-dir.tmp").mkdir()  # only regular files are removed
    (tmp_path / f".bitext-{host}-{dead}-link.tmp").symlink_to(kept[3])  # a link is never followed
    assert atomic.remove_stale_temporaries(tmp_path, now=now) == len(gone)
    assert not any(p.exists() for p in gone) and all(p.exists() for p in kept)
    assert (tmp_path / f".bitext-{host}-{dead}-dir.tmp").is_dir()
    assert (tmp_path / f".bitext-{host}-{dead}-link.tmp").is_symlink()
    assert atomic.remove_stale_temporaries(tmp_path / "no-such-folder") == 0


def test_a_live_writer_keeps_its_temporary_and_is_not_disturbed(tmp_path):
    import subprocess

    import sys

    # default signal handling even under nohup, so a stray SIGHUP would end it
    writer = subprocess.Popen([sys.executable, "-c", "import signal, time; "
                               "signal.signal(signal.SIGHUP, signal.SIG_DFL); print(flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE)
    writer.stdout.readline()
    try:
        path = tmp_path / f".bitext-{atomic._HOST}-{writer.pid}-x.tmp"
        path.write_text("partial")
        assert atomic.remove_stale_temporaries(tmp_path) == 0 and path.exists()
        with pytest.raises(subprocess.TimeoutExpired):  # asked whether it lives, not sent a signal
            writer.wait(timeout=0.5)
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    # a process id the system cannot even ask about is left to the age rule
    unaskable = tmp_path / "other" / f".bitext-{atomic._HOST}-{10**30}-y.tmp"
    unaskable.parent.mkdir()
    unaskable.write_text("partial")
    assert atomic.remove_stale_temporaries(unaskable.parent) == 0 and unaskable.exists()


def test_an_output_error_says_why_in_words(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(atomic.OutputError) as caught:
        atomic.write_bytes(tmp_path / "file" / "out.txt", b"data")
    assert "cannot write output file: File exists" in str(caught.value) and "Errno" not in str(caught.value)


def _a_dead_pid() -> int:
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid
