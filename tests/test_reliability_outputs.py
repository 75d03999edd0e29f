"""Issue 7, outputs: whatever the text holds, TMX and HTML stay valid; a failed write leaves nothing half done.

Runs the real `bitext translate` command in-process with the echo backend; the writers' own atomic
tests (tests/test_writers.py) cover single files, these cover whole runs: exit code, message,
what is left in the output folder and in the cache.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import stat
from pathlib import Path

import pytest
from lxml import etree, html

from fakes import EchoBackend

FORMATS = "tmx,html,txt,tsv,jsonl,moses"


def cached_rows(cache_dir: Path) -> int:
    from bitext.translate.cache import SegmentCache

    cache = SegmentCache(cache_dir / "segments.sqlite")
    try:
        return len(cache)
    finally:
        cache.close()


def tmx_pairs(path: Path) -> list[tuple[str, str]]:
    # A strict parser: any character XML 1.0 forbids, or a stray '&' / '<', fails here.
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    return [tuple("".join(s.itertext()) for s in tu.iter("seg")) for tu in root.iter("tu")]


def html_is_clean(path: Path, scripts_expected: int) -> str:
    raw = path.read_text(encoding="utf-8")  # strict UTF-8: a lone surrogate would not even encode
    assert not any(c in raw for c in "\x00\x01\x07\x1b\x7f\ufffe\uffff")
    page = html.fromstring(raw)
    assert len(page.xpath("//script")) == scripts_expected  # only the page's own script
    assert not page.xpath("//*[@onerror or @onload or @onclick]")
    return page.text_content()


def library_outputs(doc, out_dir: Path, formats=("tmx", "html", "jsonl")):
    from bitext.writers import WriterOptions, write_outputs
    from bitext.translate.cache import SegmentCache
    from bitext.translate.engine import Engine
    from bitext.translate.pipeline import translate_document

    cache = SegmentCache(out_dir / "cache.sqlite")
    try:
        aligned = translate_document(doc, Engine(EchoBackend(), cache=cache))
    finally:
        cache.close()
    return write_outputs(aligned, out_dir, list(formats), WriterOptions())


def baseline_scripts(tmp_path: Path) -> int:
    """How many <script> elements a page of harmless text has (the page's own)."""
    from bitext.core.document import Block, BlockKind, Document

    library_outputs(Document(name="plain", blocks=(Block(0, BlockKind.BODY, "党员干部深入基层。", 1, 1),)),
                    tmp_path / "plain", ["html"])
    return len(html.fromstring((tmp_path / "plain" / "plain.html").read_bytes()).xpath("//script"))


# --- invalid characters -------------------------------------------------------------------------

def test_control_characters_surrogates_and_nonchars_are_removed_and_counted(cli, tmp_path):
    # UTF-16 can carry what UTF-8 cannot: a lone surrogate code unit (0xD800) in the middle of a line.
    text = "党员\x01干部\x07深入\x1b基层\x7f，倾听\ufffe群众\uffff呼声。\n\n第二段\x0b正文。\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    lone = "推进\ud800全面从严治党。\n".encode("utf-16-le", "surrogatepass")
    (tmp_path / "nasty.txt").write_bytes(data + lone)
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "nasty.txt"), "-o", str(out), "--format", FORMATS,
                 "--glossary-mode", "off")
    assert result.exit_code == 0, result.output
    # 7 in the text (\x01 \x07 \x1b \x7f U+FFFE U+FFFF \x0b) + the lone surrogate.
    assert "removed 8 invalid control character(s)" in result.stderr
    pairs = tmx_pairs(out / "nasty.tmx")
    assert [s for s, _ in pairs] == ["党员干部深入基层，倾听群众呼声。", "第二段正文。", "推进全面从严治党。"]
    assert "removed 8 invalid" in (out / "nasty.tmx").read_text(encoding="utf-8")  # x-notes keep the count
    text_content = html_is_clean(out / "nasty.html", baseline_scripts(tmp_path))
    assert "推进全面从严治党。" in text_content
    for line in (out / "nasty.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)


class DirtyBackend(EchoBackend):
    """A model whose output carries what no XML file may hold."""

    def translate(self, texts):
        self.calls.append(list(texts))
        return [f"Out\x00put\ud800 with\ufffe junk\x1b {i}" for i, _ in enumerate(texts)]


def test_invalid_characters_from_the_model_are_removed_and_counted(tmp_path, cache_dir):
    from bitext.translate.runner import RunOptions, translate_files

    (tmp_path / "a.txt").write_text("党员干部深入基层。推进全面从严治党。\n", encoding="utf-8")
    summary = translate_files([str(tmp_path / "a.txt")], RunOptions(out_dir=tmp_path / "out",
                            formats=tuple(FORMATS.split(",")), builtin_glossary=False), backend=DirtyBackend())
    assert not summary.failed
    assert summary.invalid_chars_removed > 0
    pairs = tmx_pairs(tmp_path / "out" / "a.tmx")
    assert [t for _, t in pairs] == ["Output with junk 0", "Output with junk 1"]
    for name in ("a.html", "a.en.txt", "a.tsv", "a.jsonl", "a.zh", "a.en"):
        raw = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert not any(c in raw for c in "\x00\x1b\ufffe"), name


def test_str_with_lone_surrogates_through_the_library(tmp_path, cache_dir):
    """Library callers can hand over any str, even one no file could hold."""
    from bitext.core.document import Block, BlockKind, Document

    doc = Document(name="lib", blocks=(Block(0, BlockKind.BODY, "党员\ud83d干部\x00深入\udfff基层。", 1, 1),))
    report = library_outputs(doc, tmp_path)
    assert tmx_pairs(tmp_path / "lib.tmx") == [("党员干部深入基层。", "T(党员干部深入基层。)")]
    assert report.invalid_chars_removed >= 3
    html_is_clean(tmp_path / "lib.html", baseline_scripts(tmp_path))


# --- markup in the text -------------------------------------------------------------------------

MARKUP = [
    "<script>alert('x')</script>党员干部深入基层。",
    "A&B 与 &amp; 以及 &lt;b&gt; 都是文字。",
    "数据 ]]> 结束 <![CDATA[ 开始。",
    "他说：\"双引号\" 和 'single' 还有 “弯引号”。",
    "<img src=x onerror=alert(1)> 图片。",
]


def test_markup_stays_literal_in_tmx_html_and_the_rest(cli, tmp_path):
    (tmp_path / "markup.txt").write_text("\n\n".join(MARKUP) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "markup.txt"), "-o", str(out), "--format", FORMATS,
                 "--glossary-mode", "off", "--unit", "paragraph")
    assert result.exit_code == 0, result.output
    pairs = tmx_pairs(out / "markup.tmx")
    # The sentence splitter may cut a paragraph (and trim the space at the cut); joined, they give it back.
    joined = "".join(s for s, _ in pairs).replace(" ", "")
    for line in MARKUP:
        assert line.replace(" ", "") in joined, line
    assert pairs[0] == (MARKUP[0], f"T({MARKUP[0]})")
    assert all(t == f"T({s})" for s, t in pairs)  # the target side is as literal as the source
    content = html_is_clean(out / "markup.html", baseline_scripts(tmp_path))
    for line in MARKUP:
        for piece in line.split(" "):
            assert piece in content, piece
    records = [json.loads(x) for x in (out / "markup.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "".join(r["source"] for r in records).count("<script>") == 1


# --- output folder not writable, disk full ------------------------------------------------------

def test_output_folder_under_a_file_is_exit_4(cli, tmp_path, cache_dir):
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(blocker / "out"), "--glossary-mode", "off")
    assert result.exit_code == 4
    assert str(blocker / "out") in result.stderr and "cannot write output file" in result.stderr
    assert "Traceback" not in result.output
    assert cached_rows(cache_dir) == 1  # the translation is kept for the rerun


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_exit_4(cli, tmp_path):
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = cli("translate", str(tmp_path / "a.txt"), "-o", str(out), "--glossary-mode", "off")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 4 and "cannot write output file" in result.stderr
    assert list(out.iterdir()) == []


def test_disk_full_mid_batch_leaves_whole_files_and_a_full_cache(cli, tmp_path, cache_dir, monkeypatch):
    for n in range(3):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"doc{n}.txt").write_text(f"第{n}篇文章。党员干部第{n}次深入基层。\n", encoding="utf-8")
    out = tmp_path / "out"
    real_fsync, files_synced = os.fsync, []

    def fsync(fd):
        # The disk fills up while the second document's second output file is flushed.
        target = os.readlink(f"/proc/self/fd/{fd}")
        if stat.S_ISREG(os.fstat(fd).st_mode) and str(out) in target and "manifest" not in target:
            files_synced.append(fd)
            if len(files_synced) >= 5:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = cli("translate", str(tmp_path / "in"), "-o", str(out), "--format", "txt,tsv,jsonl",
                 "--glossary-mode", "off")
    assert result.exit_code == 4
    assert "No space left on device" in result.stderr and str(out / "doc1.tsv") in result.stderr
    assert "Traceback" not in result.output
    # doc0 complete; doc1 has only the file that was finished before the disk filled; no temp files.
    assert sorted(p.name for p in out.iterdir()) == [".bitext-manifest.jsonl", "doc0.en.txt", "doc0.jsonl",
                                                     "doc0.tsv", "doc1.en.txt"]
    assert (out / "doc1.en.txt").read_text(encoding="utf-8").startswith("T(第1篇文章。)")
    translated_before = len([t for call in cli.backend.calls for t in call])
    assert cached_rows(cache_dir) == translated_before == 4  # doc0 and doc1, two sentences each

    # Space freed, same command: nothing already translated goes to the model again.
    monkeypatch.setattr(os, "fsync", real_fsync)
    cli.backend.calls.clear()
    result = cli("translate", str(tmp_path / "in"), "-o", str(out), "--format", "txt,tsv,jsonl",
                 "--glossary-mode", "off", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert sorted(t for call in cli.backend.calls for t in call) == ["党员干部第2次深入基层。", "第2篇文章。"]
    report = json.loads((tmp_path / "r.json").read_text())
    # doc0 is complete (skipped); doc1's two sentences come from the cache.
    assert report["model_calls"] == 2 and report["cache_hits"] == 2 and report["skipped"] == 1
    assert len(list(out.iterdir())) == 9 + 1  # and the manifest


# --- the cache itself in trouble ----------------------------------------------------------------

def test_damaged_cache_file_is_a_clear_error_and_no_cache_gets_around_it(cli, tmp_path, cache_dir):
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    cache_dir.mkdir()
    (cache_dir / "segments.sqlite").write_bytes(b"this is not an SQLite database" * 200)
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--glossary-mode", "off")
    assert result.exit_code == 4
    assert f"{cache_dir / 'segments.sqlite'}: segment cache not usable" in result.stderr
    assert "--no-cache" in result.stderr and "Traceback" not in result.output
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--glossary-mode", "off",
                 "--no-cache")
    assert result.exit_code == 0 and (tmp_path / "out" / "a.en.txt").is_file()


def test_cache_folder_that_cannot_be_created(cli, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("党员干部深入基层。\n", encoding="utf-8")
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "file" / "cache"))
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--glossary-mode", "off")
    assert result.exit_code == 4 and "segment cache not usable" in result.stderr


def test_cache_disk_full_mid_run_keeps_the_committed_batches(cli, tmp_path, cache_dir, monkeypatch):
    """SQLite's own "database or disk is full", produced for real with a page limit."""
    from bitext.translate.cache import SegmentCache

    (tmp_path / "in").mkdir()
    for n in range(4):
        (tmp_path / "in" / f"d{n}.txt").write_text("".join(f"第{n}篇第{k}句。" + "党" * 300 + "。" for k in range(4)),
                                                    encoding="utf-8")
    real_init = SegmentCache.__init__

    def small_disk(self, path=None):
        real_init(self, path)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(SegmentCache, "__init__", small_disk)
    args = ("translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glossary-mode", "off",
            "--format", "txt", "--batch-size", "1", "--unit", "paragraph")
    cli.backend.limit = 10_000
    result = cli(*args)
    assert result.exit_code == 4, result.output
    assert "database or disk is full" in result.stderr and "Traceback" not in result.output
    kept = cached_rows(cache_dir)
    assert 0 < kept < 4

    monkeypatch.setattr(SegmentCache, "__init__", real_init)  # space freed
    sent_before = len(cli.backend.calls)
    result = cli(*args, "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text())
    # The documents whose segments were cached had been written before the cache filled: skipped.
    assert report["skipped"] == kept and report["cache_hits"] == 0 and report["model_calls"] == 4 - kept
    assert len(cli.backend.calls) - sent_before == 4 - kept
