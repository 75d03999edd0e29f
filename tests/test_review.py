"""The review page's structure (no browser): sentence ids, the script's CSP hash, a row per sentence pair
for long paragraphs, pairs and origin per sentence in the page data, the content hash."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import lxml.html
from test_writers_sample import para, sample_document

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.core.flags import FLAG_FROM_TM
from bitext.writers import WriterOptions, html, jsonl, tmx


def render(doc: AlignedDocument) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html.render(doc, WriterOptions()))


def page_data(page) -> dict:
    return json.loads(page.get_element_by_id("bitext-data").text)


def long_document(pairs: int = 40, name: str = "chapter") -> AlignedDocument:
    zh = [f"第{i}句讲了一件事情。" for i in range(pairs)]
    en = [f"Sentence {i} tells of something." for i in range(pairs)]
    return AlignedDocument(name, [para(0, ["短段落。"], ["A short paragraph."]), para(1, zh, en)])


def test_english_sentences_carry_data_seg():
    page = render(sample_document())
    english = page.xpath("//div[contains(@class,'en')]//span[contains(@class,'s ') or @class='s']")
    assert len(english) == 10
    assert all(s.get("data-seg") == s.get("id") for s in english)
    assert not page.xpath("//div[contains(@class,'zh')]//*[@data-seg]")
    assert [b.text_content() for b in page.xpath("//button[@id='export']")] == ["Export corrections"]


def test_csp_allows_our_script_by_hash_and_nothing_inline():
    text = html.render(sample_document(), WriterOptions())
    page = lxml.html.document_fromstring(text)
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    (script,) = page.xpath("//script[not(@type)]")
    digest = base64.b64encode(hashlib.sha256(script.text.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "default-src 'none'" in csp and "connect-src" not in csp
    assert script.text == (html.TEMPLATE_DIR / "app.js").read_text("utf-8")


def test_short_paragraphs_stay_one_row():
    page = render(sample_document())
    assert not page.xpath("//section[contains(@class,'para-group')]")
    assert len(page.xpath("//article[contains(@class,'row')]")) == 8


def test_long_paragraph_gets_a_row_per_pair():
    doc = long_document(40)
    page = render(doc)
    (group,) = page.xpath("//section[contains(@class,'para-group')]")
    assert group.get("id") == "p1"
    rows = group.xpath("./article[contains(@class,'pair-row')]")
    assert len(rows) == 40
    for n, row in enumerate(rows):
        assert row.get("id") == f"p1-r{n}" and row.get("data-pair") == str(n) and row.get("data-p") == "p1"
        assert [s.get("id") for s in row.xpath(".//span[@data-bead]")] == [f"p1-zh{n}", f"p1-en{n}"]
    # nothing lost: the rows together hold the paragraph's text on both sides
    p = doc.paragraphs[1]
    assert "".join(r.xpath("./div[contains(@class,'zh')]")[0].text_content() for r in rows) == p.source
    assert "".join(r.xpath("./div[contains(@class,'en')]")[0].text_content() for r in rows) == p.target
    # the short paragraph before it is still one row
    assert page.get_element_by_id("p0").tag == "article"


def test_paragraph_without_breaks_is_split_by_length_too():
    zh = ["这是一个很长的句子，" * 30 + "。"] * 3  # three sentences, 300 characters each
    doc = AlignedDocument("d", [para(0, zh, ["A long sentence."] * 3)])
    assert len(render(doc).xpath("//article[contains(@class,'pair-row')]")) == 3


def test_pairs_in_page_data():
    data = page_data(render(sample_document()))
    assert data["pairs"]["p2"] == [[[0, 1], [0], ["low-alignment-confidence", "term-missing"], "mt"],
                                   [[2], [1], [], "mt"]]
    assert data["pairs"]["p6"] == [[[0], [0], ["chunked"], "mt"], [[1], [], ["unaligned"], "mt"]]
    assert "p4" not in data["pairs"]  # page furniture is not translated: nothing to review
    assert data["stem"] == "renmin-20241212" and re.fullmatch(r"[0-9a-f]{16}", data["hash"])


def test_sentence_no_bead_covers_is_a_pair_of_its_own():
    source, target = "甲。乙。丙。", "A. B. C."
    p = AlignedParagraph(0, "body", source, target,
                         src_sentences=[Sentence("甲。", 0, 2), Sentence("乙。", 2, 4), Sentence("丙。", 4, 6)],
                         tgt_sentences=[Sentence("A.", 0, 2), Sentence("B.", 3, 5), Sentence("C.", 6, 8)],
                         beads=[Bead((0,), (0,)), Bead((2,), (2,))])
    data = page_data(render(AlignedDocument("d", [p])))
    assert [pair[:3] for pair in data["pairs"]["p0"]] == [
        [[0], [0], []], [[1], [], ["unaligned"]], [[], [1], ["unaligned"]], [[2], [2], []]]


def mixed_origin_paragraph() -> AlignedParagraph:
    p = para(0, ["今天天气很好。", "我们去了公园。"], ["The weather is fine today.", "We went to the park."])
    p.beads = [Bead((0,), (0,), 1.0, (FLAG_FROM_TM,)), Bead((1,), (1,), 1.0)]
    return p


def test_origin_per_sentence_not_per_paragraph():
    doc = AlignedDocument("d", [mixed_origin_paragraph()])
    page = render(doc)
    assert page.get_element_by_id("p0-en0").get("data-origin") == "tm"
    assert page.get_element_by_id("p0-en1").get("data-origin") == "mt"
    assert "origin-tm" not in page.get_element_by_id("p0").get("class")
    assert [pair[3] for pair in page_data(page)["pairs"]["p0"]] == ["tm", "mt"]
    # JSONL and TMX say it per unit as well
    records = [json.loads(line) for line in jsonl.render(doc, WriterOptions()).splitlines()]
    assert [r["origin"] for r in records] == ["tm", "mt"]
    assert "from-tm" in records[0]["flags"]
    origins = re.findall(rb'<prop type="x-origin">(\w+)</prop>', tmx.render(doc, WriterOptions()))
    assert origins == [b"tm", b"mt"]


def test_content_hash_follows_the_content():
    doc = sample_document()
    assert html.content_hash(doc) == html.content_hash(sample_document())
    changed = sample_document()
    changed.paragraphs[1].target = changed.paragraphs[1].target.replace("stressed", "stresses")
    assert html.content_hash(changed) != html.content_hash(doc)
    repaired = sample_document()
    repaired.paragraphs[2].beads = [Bead((0,), (0,)), Bead((1, 2), (1,))]
    assert html.content_hash(repaired) != html.content_hash(doc)
