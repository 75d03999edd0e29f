"""Issue 12, item 5 and the TMX entity: every XML file bitext reads (TMX through --tm and `bitext eval`,
TBX glossaries) is read in bounded memory, without recursion crashes, and each limit is a FormatError
naming the file and line. Hostile files are generated here, streaming, in a few hundred KB."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bitext.core.errors import FormatError

ROOT = Path(__file__).resolve().parents[1]
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="zh-CN" segtype="sentence"/>\n<body>\n'
TAIL = "</body>\n</tmx>\n"


def tu(zh: str, en: str) -> str:
    return f'<tu>\n<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>\n<tuv xml:lang="en-US"><seg>{en}</seg></tuv>\n</tu>\n'


def gzip_members(path: Path, parts: list[tuple[bytes, int]]) -> Path:
    """A .gz of concatenated members, each (block, times): a block compressed once and repeated,
    so a file that inflates to hundreds of MB is written in milliseconds."""
    with path.open("wb") as fh:
        for block, times in parts:
            member = gzip.compress(block, compresslevel=9)
            for _ in range(times):
                fh.write(member)
    return path


def element_bomb(path: Path, elements: int = 100_000_000) -> Path:
    """One segment holding ``elements`` empty inline elements (the issue's 389 KB file: 12 GB to read)."""
    block = b"<x/>" * 1_000_000
    start = (HEAD + tu("一", "one") + '<tu>\n<tuv xml:lang="zh-CN"><seg>A').encode()
    end = ('</seg></tuv>\n<tuv xml:lang="en-US"><seg>B</seg></tuv>\n</tu>\n' + TAIL).encode()
    return gzip_members(path, [(start, 1), (block, elements // 1_000_000), (end, 1)])


def read_in_limited_memory(path: Path, how: str, megabytes: int = 1024) -> dict:
    """Read ``path`` in a child process whose address space is capped: bounded memory or a failure."""
    code = textwrap.dedent(f"""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({megabytes} << 20, {megabytes} << 20))
        from bitext.core.errors import BitextError
        try:
            if {how!r} == "tm":
                from bitext.translate.tm import load_tm
                load_tm([{str(path)!r}])
            elif {how!r} == "eval":
                from bitext.translate.evaluate import read_document
                read_document({str(path)!r}, "ref")
            else:
                from bitext.glossary.formats import read
                read({str(path)!r})
            print(json.dumps({{"ok": True}}))
        except BitextError as exc:
            print(json.dumps({{"ok": False, "error": str(exc), "line": exc.line}}))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]  # a MemoryError or a crash is a failure
    return json.loads(result.stdout)


@pytest.mark.parametrize("how", ["tm", "eval"])
def test_element_bomb_in_a_small_tmx_gz_is_refused_in_bounded_memory(tmp_path, how):
    bomb = element_bomb(tmp_path / "bomb.tmx.gz")
    assert bomb.stat().st_size < 400_000
    out = read_in_limited_memory(bomb, how)
    assert not out["ok"]
    assert "more than 1 MiB of XML in one unit" in out["error"]
    assert out["error"].startswith(f"{bomb}:10: ")  # the line of the segment


def test_gzip_that_inflates_past_the_ratio_is_refused(tmp_path, monkeypatch):
    import bitext.core.safe_xml as safe_xml

    monkeypatch.setattr(safe_xml, "MIN_GZIP_ALLOWANCE", 1 << 20)
    units = tu("一句。", "One.").encode() * 10_000  # 0.8 MB that compresses about 1000 to 1
    path = gzip_members(tmp_path / "many.tmx.gz", [(HEAD.encode(), 1), (units, 20), (TAIL.encode(), 1)])
    assert path.stat().st_size * 100 < 16 << 20
    from bitext.translate.tm import load_tm

    with pytest.raises(FormatError, match=r"many\.tmx\.gz:\d+: decompresses to more than 100 times its size"):
        load_tm([path])


def test_an_honest_gzip_reads_whole(tmp_path):
    from bitext.translate.tm import load_tm

    units = "".join(tu(f"第{i}句。", f"Sentence {i}.") for i in range(3000))
    path = tmp_path / "ok.tmx.gz"
    path.write_bytes(gzip.compress((HEAD + units + TAIL).encode()))
    assert len(load_tm([path])) == 3000


def nested(depth: int, tag: str = "hi") -> str:
    return f"<{tag}>" * depth + "深" + f"</{tag}>" * depth


@pytest.mark.parametrize("how", ["tm", "eval"])
def test_deep_nesting_is_a_format_error_not_a_recursion_error(tmp_path, how):
    path = tmp_path / "deep.tmx"
    path.write_text(HEAD + tu("一", "one") + tu(nested(1500), "deep") + TAIL, encoding="utf-8")
    out = read_in_limited_memory(path, how)
    assert not out["ok"] and out["line"] == 10  # the line of the nested segment
    assert "depth" in out["error"]
    assert "XML_PARSE_HUGE" not in out["error"]  # libxml2's hint names an option users cannot set


def test_deep_nesting_in_tbx(tmp_path):
    from bitext.glossary.formats import read

    path = tmp_path / "deep.tbx"
    path.write_text("<martif><text><body>\n<termEntry><langSet xml:lang='zh'><tig><term>"
                    + nested(1500, "hi") + "</term></tig></langSet></termEntry></body></text></martif>", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read(path)
    assert info.value.line == 2 and "depth" in str(info.value)


def test_element_bomb_in_one_tbx_entry(tmp_path):
    path = tmp_path / "bomb.tbx"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<martif><text><body>\n<termEntry>\n<langSet xml:lang='zh'><tig><term>党")
        fh.write("<hi/>" * 50_000)
        fh.write("</term></tig></langSet></termEntry></body></text></martif>")
    out = read_in_limited_memory(path, "tbx", megabytes=1024)
    assert not out["ok"] and out["line"] == 2
    assert "50,003 elements in one <termEntry>: more than 10,000" in out["error"]


def test_one_unit_larger_than_the_byte_limit(tmp_path):
    from bitext.translate.tm import load_tm

    path = tmp_path / "big.tmx"
    path.write_text(HEAD + tu("一", "one") + tu("党" * 400_000, "long") + TAIL, encoding="utf-8")
    with pytest.raises(FormatError, match=r"big\.tmx:10: more than 1 MiB of XML in one unit"):
        load_tm([path])


def test_memory_stays_flat_outside_units(tmp_path):
    """Elements outside any unit (junk between <tu>s, around <body>s) are freed with the next unit."""
    from bitext.core.safe_xml import iter_units

    path = tmp_path / "junk.tmx"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEAD.replace("<body>\n", ""))
        for i in range(200):
            fh.write("<junk>" + "<j/>" * 500 + "</junk><body>" + "<x/>" * 500 + tu(f"第{i}句。", "x") + "</body>\n")
        fh.write("</tmx>\n")
    seen = most = 0
    for el in iter_units(path, {"tu"}, kind="TMX"):
        seen += 1
        most = max(most, sum(1 for _ in el.getroottree().iter()))
    assert seen == 200
    # What the tree holds: the parser's read-ahead (one 32 KB chunk), not the 200,000 elements read.
    assert most < 10_000


def test_many_elements_in_one_small_unit(tmp_path):
    from bitext.translate.tm import load_tm

    path = tmp_path / "many.tmx"
    path.write_text(HEAD + tu("一" + "<ph/>" * 20_000, "one") + TAIL, encoding="utf-8")
    with pytest.raises(FormatError, match=r"many\.tmx:5: 20,00\d elements in one <tu>: more than 10,000"):
        load_tm([path])


# --- entity references ------------------------------------------------------------------------


@pytest.mark.parametrize("doctype", ['<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n', '<!DOCTYPE tmx [<!ENTITY xxe "zzz">]>\n', ""])
def test_entity_reference_in_a_segment_is_reported_with_its_line(tmp_path, doctype):
    """ "A&xxe;B" became "AB" without a word."""
    from bitext.translate.tm import load_tm

    path = tmp_path / "ent.tmx"
    text = HEAD.replace("<tmx", doctype + "<tmx", 1) + tu("一", "one") + tu("A&xxe;B", "AB") + TAIL
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("<tu>", text.splitlines().index("<tu>") + 1) + 2  # the zh <tuv> of the 2nd <tu>
    with pytest.raises(FormatError) as info:
        load_tm([path])
    assert info.value.line == line
    assert "xxe" in str(info.value) and "zzz" not in str(info.value)


def test_entity_reference_through_bitext_eval_is_exit_2(tmp_path):
    from typer.testing import CliRunner

    from bitext.cli.main import app

    ref = tmp_path / "ref.tmx"
    ref.write_text('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + HEAD.split("\n", 1)[1] + tu("一", "A&xxe;B") + TAIL,
                   encoding="utf-8")
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("AB\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--hyp", str(hyp), "--ref", str(ref)])
    assert result.exit_code == 2
    assert f"{ref}:7: entity reference &xxe; in <seg>" in result.output


def test_predefined_and_character_references_are_text(tmp_path):
    from bitext.translate.tm import load_tm

    path = tmp_path / "ok.tmx"
    path.write_text(HEAD + tu("A&amp;B&#x4E2D;&lt;", "A &quot;B&quot;") + TAIL, encoding="utf-8")
    assert load_tm([path]).exact("A&B中<") == 'A "B"'
