"""`bitext tm merge`: review exports folded into one project TM, with the same winner as `--tm`."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree
from test_tmx import DTD_PATH, SAFE_PARSER, XML_LANG

from bitext.core.errors import BitextError, FormatError
from bitext.translate.tm import load_tm
from bitext.translate.tm_merge import merge_tm_files


def review_tmx(path: Path, units: list[tuple], srclang: str = "zh-CN") -> Path:
    """units: (tuid, zh, en, changedate, note or None)."""
    tus = []
    for tuid, zh, en, date, note in units:
        note_xml = f"<note>{escape(note)}</note>" if note else ""
        tus.append(
            f'<tu tuid="{tuid}" creationdate="{date}" changedate="{date}">{note_xml}'
            f'<prop type="x-origin">review</prop>'
            f'<tuv xml:lang="{srclang}"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header creationtool="bitext" creationtoolversion="0.1.0" segtype="sentence" '
        f'o-tmf="bitext" adminlang="en-US" srclang="{srclang}" datatype="plaintext"/>'
        f'<body>{"".join(tus)}</body></tmx>\n', encoding="utf-8")
    return path


def pairs(path: Path) -> dict[str, str]:
    return {u.source: u.target for u in load_tm([path])}


@pytest.fixture
def two_reviews(tmp_path) -> tuple[Path, Path]:
    a = review_tmx(tmp_path / "a.review.tmx", [
        ("p0-z0-e0", "今天天气很好。", "The weather is lovely today.", "20250101T100000Z", "first reviewer"),
        ("p0-z1-e1", "我们去了公园。", "We went to the park.", "20250101T100000Z", None),
        ("p1-z0-e0", "会议强调。", "The meeting stressed it.", "20250301T100000Z", None),
    ])
    b = review_tmx(tmp_path / "b.review.tmx", [
        # same date as in a: the later file wins
        ("p0-z0-e0", "今天天气很好。", "The weather is fine today.", "20250101T100000Z", "second & <final>"),
        # older than a's unit: a's stays, whatever the file order
        ("p1-z0-e0", "会议强调。", "The conference stressed it.", "20250201T100000Z", None),
        ("p2-z0-e0", "人民是历史的创造者。", "The people are the creators of history.", "20250101T100000Z", None),
    ])
    return a, b


def test_merge_picks_what_tm_would(two_reviews, tmp_path):
    a, b = two_reviews
    out = tmp_path / "project.tmx"
    summary = merge_tm_files([a, b], out)
    assert summary.units == 4 and summary.replaced == 2 and summary.skipped == 0
    merged = pairs(out)
    assert merged == {u.source: u.target for u in load_tm([a, b])}
    assert merged["今天天气很好。"] == "The weather is fine today."
    assert merged["会议强调。"] == "The meeting stressed it."


def test_merged_file_is_valid_and_keeps_notes_and_props(two_reviews, tmp_path):
    a, b = two_reviews
    out = tmp_path / "project.tmx"
    merge_tm_files([a, b], out)
    tree = etree.parse(str(out), etree.XMLParser(**SAFE_PARSER))
    assert etree.DTD(str(DTD_PATH)).validate(tree), etree.DTD(str(DTD_PATH)).error_log
    tus = tree.getroot().findall("body/tu")
    tuids = [tu.get("tuid") for tu in tus]
    assert len(set(tuids)) == len(tuids)  # both files had a "p0-z0-e0"
    first = next(tu for tu in tus if tu.find("tuv/seg").text == "今天天气很好。")
    assert first.findtext("note") == "second & <final>"
    assert first.findtext("prop[@type='x-origin']") == "review"
    assert first.get("changedate") == "20250101T100000Z"
    assert [t.get(XML_LANG) for t in first.findall("tuv")] == ["zh-CN", "en-US"]
    header = tree.getroot().find("header")
    assert header.get("srclang") == "zh-CN"
    assert [p.text for p in header.findall("prop[@type='x-merged-from']")] == ["a.review.tmx", "b.review.tmx"]


def test_merge_never_overwrites_what_a_user_wrote(two_reviews, tmp_path):
    a, b = two_reviews
    with pytest.raises(BitextError, match="replace one of its inputs"):
        merge_tm_files([a, b], a, overwrite=True)
    out = tmp_path / "project.tmx"
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(BitextError, match="--overwrite"):
        merge_tm_files([a, b], out)
    assert out.read_text(encoding="utf-8") == "mine"
    merge_tm_files([a, b], out, overwrite=True)
    assert len(pairs(out)) == 4


def test_merge_reports_a_broken_file_by_name_and_line(two_reviews, tmp_path):
    a, _ = two_reviews
    broken = tmp_path / "broken.tmx"
    broken.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body><tu>\n</body></tmx>\n', encoding="utf-8")
    out = tmp_path / "project.tmx"
    with pytest.raises(FormatError) as info:
        merge_tm_files([a, broken], out)
    assert str(broken) in str(info.value) and info.value.line == 4
    assert not out.exists()


def test_cli_merge_then_translate_reuses_it(cli, two_reviews, tmp_path):
    a, b = two_reviews
    out = tmp_path / "project.tmx"
    result = cli("tm", "merge", str(a), str(b), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "4 units" in result.output and str(out) in result.output
    again = cli("tm", "merge", str(a), str(b), "-o", str(out))
    assert again.exit_code == 2 and "--overwrite" in again.output

    src = tmp_path / "doc.txt"
    src.write_text("今天天气很好。我们去了公园。\n", encoding="utf-8")
    result = cli("translate", str(src), "--tm", str(out), "-o", str(tmp_path / "o"), "--format", "txt",
                 "--glossary-mode", "off")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "doc.en.txt").read_text("utf-8").strip() == \
        "The weather is fine today. We went to the park."
