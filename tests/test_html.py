"""Side-by-side HTML: structure, partner links, term marks, flags, and that input never becomes markup."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_writers_sample import TERMS, sample_document

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.writers import WriterOptions, html, write_outputs
from bitext.writers.clean import xml_safe
from bitext.core.terms import Term, TermCheck, TermHit


def render(doc: AlignedDocument, options: WriterOptions | None = None) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html.render(doc, options or WriterOptions()))


@pytest.fixture(scope="module")
def page() -> lxml.html.HtmlElement:
    return render(sample_document())


def test_self_contained(page, tmp_path):
    (path,) = write_outputs(sample_document("d"), tmp_path, ["html"]).files
    text = path.read_text("utf-8")
    assert path.name == "d.html"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert not page.xpath("//link | //script[@src] | //img | //iframe")
    assert len(page.xpath("//style")) == 1 and len(page.xpath("//script[not(@type)]")) == 1
    assert "default-src 'none'" in page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_columns_and_languages(page):
    rows = page.xpath("//article[contains(@class,'row')]")
    assert len(rows) == 8  # one per paragraph, furniture included (dimmed)
    for row in rows:
        assert row.xpath("./div[contains(@class,'zh')]/@lang") == ["zh-Hans"]
        assert row.xpath("./div[contains(@class,'en')]/@lang") == ["en"]


def test_traditional_chinese_gets_hant():
    assert html.html_lang("zh-TW") == "zh-Hant"
    assert html.html_lang("zh-CN") == "zh-Hans"
    assert html.html_lang("ja") == "ja"


def test_block_kinds(page):
    assert "is-heading" in page.get_element_by_id("p0").get("class")
    assert "level-1" in page.get_element_by_id("p0").get("class")
    assert "kind-caption" in page.get_element_by_id("p3").get("class")
    furniture = page.get_element_by_id("p4")
    assert "kind-furniture" in furniture.get("class") and "untranslated" in furniture.get("class")
    assert "page furniture" in furniture.text_content()


def test_furniture_can_be_hidden():
    page = render(sample_document(), WriterOptions(include_furniture=False))
    assert not page.xpath("//article[contains(@class,'kind-furniture')]")


def test_sentences_link_to_partners(page):
    def bead(sid):
        return page.get_element_by_id(sid).get("data-bead")

    assert bead("p1-zh0") == bead("p1-en0") != bead("p1-zh1")
    # 2:1 bead: both Chinese sentences and the one English sentence share the bead id
    assert bead("p2-zh0") == bead("p2-zh1") == bead("p2-en0")
    assert page.get_element_by_id("p2-zh0").get("data-shape") == "2:1"
    assert page.get_element_by_id("p2-zh0").get("data-score") == "0.41"
    # 1:0 bead: the Chinese sentence has no partner and says why
    alone = page.get_element_by_id("p6-zh1")
    assert len(page.xpath(f"//*[@data-bead='{alone.get('data-bead')}']")) == 1
    assert alone.get("data-flags") == "unaligned"
    # every sentence is reachable by keyboard
    assert all(s.get("tabindex") == "0" for s in page.xpath("//span[@data-bead]"))


def test_sentence_text_is_paragraph_text(page):
    doc = sample_document()
    for p in doc.paragraphs:
        row = page.get_element_by_id(f"p{p.index}")
        assert row.xpath("./div[contains(@class,'zh')]")[0].text_content() == p.source


def test_terms_marked_on_both_sides(page):
    zh = page.xpath("//article[@id='p1']/div[contains(@class,'zh')]//mark")
    en = page.xpath("//article[@id='p1']/div[contains(@class,'en')]//mark")
    assert [m.text_content() for m in zh] == ["稳中求进工作总基调", "新发展理念", "新发展格局", "党的全面领导"]
    assert [m.text_content() for m in en] == [
        "general principle of pursuing progress while ensuring stability",
        "new development philosophy", "new development pattern", "the Party's overall leadership",
    ]
    first = zh[0]
    assert first.get("data-en") == TERMS["稳中求进工作总基调"].en
    assert first.get("data-category") == "slogan"
    assert first.get("data-source") == "CPC Central Committee, 2023"
    assert first.get("data-status") == "ok"


def test_missing_term_marked_and_row_flagged(page):
    row = page.get_element_by_id("p2")
    (mark,) = row.xpath(".//mark")
    assert mark.text_content() == "高质量发展" and mark.get("data-status") == "missing"
    assert "term-missing" in mark.get("class")
    assert "flagged" in row.get("class")
    assert set(row.get("data-flags").split()) == {"low-alignment-confidence", "term-missing"}
    chips = [c.text_content() for c in row.xpath(".//span[contains(@class,'chip')]")]
    assert chips == ["low alignment", "term not enforced"]


def test_english_term_found_case_insensitively_and_as_variant():
    term = Term("新发展理念", "new development philosophy", ("new development concept",), category="concept")
    source, target = "贯彻新发展理念。", "Apply the New Development Concept."
    p = AlignedParagraph(
        0, "body", source, target, src_sentences=[Sentence(source, 0, len(source))],
        tgt_sentences=[Sentence(target, 0, len(target))], beads=[Bead((0,), (0,))],
        terms=[TermCheck(TermHit(term, 2, 7), True, "new development concept")],
    )
    page = render(AlignedDocument("d", [p]))
    (en_mark,) = page.xpath("//div[contains(@class,'en')]//mark")
    assert en_mark.text_content() == "New Development Concept"
    assert en_mark.get("data-rendering") == "new development concept"


def test_one_mark_per_term_occurrence_even_when_two_renderings_appear():
    term = Term("乡村振兴", "rural revitalization", ("rural vitalization",))
    source, target = "推进乡村振兴。", "Advance rural revitalization, also called rural vitalization."
    p = AlignedParagraph(
        0, "body", source, target, src_sentences=[Sentence(source, 0, len(source))],
        tgt_sentences=[Sentence(target, 0, len(target))], beads=[Bead((0,), (0,))],
        terms=[TermCheck(TermHit(term, 2, 6), True, "rural revitalization")],
    )
    marks = render(AlignedDocument("d", [p])).xpath("//div[contains(@class,'en')]//mark")
    assert [m.text_content() for m in marks] == ["rural revitalization"]


def test_the_words_that_realised_a_term_are_marked_as_written():
    term = Term("防灾减灾", "prevent and mitigate disasters")
    source, target = "做好防灾减灾。", "We will better prevent and mitigate natural disasters."
    p = AlignedParagraph(
        0, "body", source, target, src_sentences=[Sentence(source, 0, len(source))],
        tgt_sentences=[Sentence(target, 0, len(target))], beads=[Bead((0,), (0,))],
        terms=[TermCheck(TermHit(term, 2, 6), True, term.en, found="prevent and mitigate natural disasters")],
    )
    marks = render(AlignedDocument("d", [p])).xpath("//div[contains(@class,'en')]//mark")
    assert [m.text_content() for m in marks] == ["prevent and mitigate natural disasters"]


def test_two_terms_in_the_two_english_sentences_of_one_bead_are_both_marked():
    rural, env = Term("乡村振兴", "rural revitalization"), Term("营商环境", "business environment")
    source, target = "推进乡村振兴，优化营商环境。", "We advance rural revitalization. We improve the business environment."
    p = AlignedParagraph(
        0, "body", source, target, src_sentences=[Sentence(source, 0, len(source))],
        tgt_sentences=[Sentence(target[:32], 0, 32), Sentence(target[33:], 33, len(target))],
        beads=[Bead((0,), (0, 1))],
        terms=[TermCheck(TermHit(rural, 2, 6), True, "rural revitalization"),
               TermCheck(TermHit(env, 9, 13), True, "business environment")],
    )
    marks = render(AlignedDocument("d", [p])).xpath("//div[contains(@class,'en')]//mark")
    assert [m.text_content() for m in marks] == ["rural revitalization", "business environment"]


def test_a_paragraph_without_sentence_offsets_still_gets_its_marks_and_lines():
    term = Term("乡村振兴", "rural revitalization")
    p = AlignedParagraph(0, "body", "推进乡村振兴。", "Advance rural revitalization.", line_start=3, line_end=5,
                         terms=[TermCheck(TermHit(term, 2, 6), True, "rural revitalization")])
    page = render(AlignedDocument("d", [p]))
    assert [m.text_content() for m in page.xpath("//div[contains(@class,'en')]//mark")] == ["rural revitalization"]
    assert page.xpath("//span[@class='lines']")[0].text == "L3–5"
    single = AlignedParagraph(1, "body", "一。", "One.", line_start=7, line_end=7)
    assert render(AlignedDocument("d", [single])).xpath("//span[@class='lines']")[0].text == "L7"


def test_flags_empty_chunked_and_tm_hint(page):
    empty = page.get_element_by_id("p5")
    assert "empty-translation" in empty.get("data-flags")
    assert "no translation" in empty.text_content()
    chunked = page.get_element_by_id("p6")
    assert set(chunked.get("data-flags").split()) == {"chunked", "unaligned"}
    assert chunked.xpath(".//aside[@class='tm-hint']")[0].text_content().endswith(
        "We must strengthen confidence and meet difficulties head-on.")


def test_header_stats_legend_and_controls(page):
    labels, values = page.xpath("//dl[@class='stats']//dt/text()"), page.xpath("//dl[@class='stats']//dd/text()")
    stats = dict(zip(labels, values, strict=True))
    assert stats["Paragraphs"] == "7 translated / 8"
    assert stats["Sentences"] == "13 zh · 10 en"
    assert stats["Terms enforced"] == "5"
    assert stats["Terms flagged"] == "1"
    assert stats["Flagged rows"] == "3"
    assert stats["Model"] == "Helsinki-NLP/opus-mt-zh-en"
    assert stats["Date"] == "2024-12-12"
    assert stats["Glossary"] == "builtin-2024.3"
    assert page.get_element_by_id("only-flagged").get("type") == "checkbox"
    legend = page.xpath("//footer[@class='legend']")[0].text_content()
    for label in ("term not enforced", "low alignment", "chunked", "empty translation"):
        assert label in legend
    data = json.loads(page.get_element_by_id("bitext-data").text)
    assert data["flaggedRows"] == ["p2", "p5", "p6"]
    assert data["flagLabels"]["term-missing"] == "term not enforced" and data["flagLabels"]["chunked"] == "chunked"
    # the review counters count the sentence pairs (beads, 1-0 ones too) of translated rows, and the
    # flagged ones for the filter
    flagged = {s.get("data-bead") for s in page.xpath("//article//span[@data-bead][@data-flags]")}
    assert page.get_element_by_id("count-todo").text == "11"
    assert page.get_element_by_id("match-count").text == f"({len(flagged)})" == "(4)"


def one_paragraph(source, target, zh, en, beads) -> lxml.html.HtmlElement:
    p = AlignedParagraph(0, "body", source, target, src_sentences=zh, tgt_sentences=en, beads=beads)
    return render(AlignedDocument("d", [p]))


def test_sentences_no_bead_holds_sit_between_their_neighbours_chinese_first():
    zh = ["第一句。", "第二句。", "第三句。"]
    en = ["One.", "Extra.", "Three."]
    zh_spans = [Sentence(t, 4 * k, 4 * k + 4) for k, t in enumerate(zh)]
    en_spans = [Sentence("One.", 0, 4), Sentence("Extra.", 5, 11), Sentence("Three.", 12, 18)]
    page = one_paragraph("".join(zh), " ".join(en), zh_spans, en_spans,
                         [Bead((0,), (0,), 0.9), Bead((2,), (2,), 0.9)])
    assert [(s.text, s.get("data-bead"), s.get("data-score")) for s in page.xpath("//span[@data-bead]")] == [
        ("第一句。", "p0-b0", "0.90"), ("第二句。", "p0-b1", "0.00"), ("第三句。", "p0-b3", "0.90"),
        ("One.", "p0-b0", "0.90"), ("Extra.", "p0-b2", "0.00"), ("Three.", "p0-b3", "0.90")]
    assert page.get_element_by_id("p0-zh1").get("data-flags") == page.get_element_by_id("p0-en1").get(
        "data-flags") == "unaligned"


def test_text_between_and_after_sentences_is_kept_as_written():
    target = "One.  Two. (end)"
    page = one_paragraph("一。二。", target, [Sentence("一。", 0, 2), Sentence("二。", 2, 4)],
                         [Sentence("One.", 0, 4), Sentence("Two.", 6, 10)], [Bead((0,), (0,)), Bead((1,), (1,))])
    assert page.xpath("//div[contains(@class,'en')]")[0].text_content().strip() == target
    ends_at_end = one_paragraph("一。二。", "One.  Two.", [Sentence("一。", 0, 2), Sentence("二。", 2, 4)],
                                [Sentence("One.", 0, 4), Sentence("Two.", 6, 10)], [Bead((0,), (0,)), Bead((1,), (1,))])
    assert ends_at_end.xpath("//div[contains(@class,'en')]")[0].text_content().strip() == "One.  Two."


def test_overlapping_sentence_offsets_show_each_sentence_once():
    target = "Hello world. Bye."
    en = [Sentence("Hello world.", 0, 12), Sentence("world. Bye.", 6, 17)]  # broken offsets: they overlap
    page = one_paragraph("你好。再见。", target, [Sentence("你好。", 0, 3), Sentence("再见。", 3, 6)], en,
                         [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)])
    cell = page.xpath("//div[contains(@class,'en')]")[0]
    assert cell.text_content().strip() == "Hello world. world. Bye."


def test_css_has_phone_and_print_rules():
    css = (html.TEMPLATE_DIR / "style.css").read_text("utf-8")
    assert "@media (max-width: 760px)" in css and "@media print" in css
    assert "Noto Sans CJK SC" in css and "Microsoft YaHei" in css


def test_template_autoescape_is_on():
    env = html._environment()
    assert env.autoescape is True
    assert "|safe" not in (html.TEMPLATE_DIR / "page.html.j2").read_text("utf-8")
    assert "innerHTML" not in (html.TEMPLATE_DIR / "app.js").read_text("utf-8")


# ---- nothing from the input becomes markup --------------------------------------------------------

INJECT = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><b x="', "'", '"', "</script>",
          "<!--", "-->", "]]>", "&amp;", "&lt;", "{{ 7*7 }}", "{% raw %}", "</style>", "javascript:",
          "\u2028", "\x00", "\x0b", "\ud800", "\ufffe", "<", ">", "&", " ", "中文。"]
TEXT = st.lists(st.one_of(st.sampled_from(INJECT), st.text(st.characters(codec=None, exclude_categories=()),
                                                            max_size=6)), max_size=6).map("".join)


def hostile_doc(source, target, name, term_fields, hint, model) -> AlignedDocument:
    term = Term(zh=source[:2] or "x", en=term_fields[0], category=term_fields[1], source=term_fields[2],
                note=term_fields[3])
    p = AlignedParagraph(
        index=0, kind="body", source=source, target=target,
        src_sentences=[Sentence(source, 0, len(source))], tgt_sentences=[Sentence(target, 0, len(target))],
        beads=[Bead((0,), (0,), 0.2, ("low-alignment-confidence",))],
        terms=[TermCheck(TermHit(term, 0, min(2, len(source))), False)], tm_hint=hint,
    )
    return AlignedDocument(name=name, paragraphs=[p], meta={"model": model, "date": name})


def skeleton(root) -> list[tuple]:
    """Element names and attribute names (not values) in document order."""
    return [(el.tag, tuple(sorted(el.attrib))) for el in root.iter() if isinstance(el.tag, str)]


def blank(s: str) -> str:
    # Same emptiness as the input (which decides flags and placeholders), none of its content.
    return "x" if s.strip() else (" " if s else "")


def stable(s: str) -> bool:
    """Removing invalid characters doesn't change whether the text is empty or blank."""
    c = xml_safe(s)[0]
    return bool(s) == bool(c) and bool(s.strip()) == bool(c.strip())


# Everything the template itself can produce; anything else came from the input.
TAGS = {"html", "head", "body", "meta", "title", "style", "script", "header", "nav", "div", "p", "h1", "dl", "dt",
        "dd", "label", "input", "span", "button", "kbd", "main", "article", "a", "mark", "aside", "footer",
        "h2", "ul", "li", "b", "code", "select", "optgroup", "option", "section"}
ATTRS = {"lang", "charset", "name", "content", "http-equiv", "class", "role", "aria-label", "type", "id",
         "title", "aria-live", "hidden", "aria-hidden", "tabindex", "href", "data-flags", "data-bead",
         "data-shape", "data-score", "data-zh", "data-en", "data-rendering", "data-category", "data-source",
         "data-note", "data-status", "data-label", "data-avoided", "data-seg", "data-origin", "data-p", "data-pair", "aria-pressed",
         "autocomplete", "disabled", "label", "placeholder", "selected", "spellcheck", "value"}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=TEXT, target=TEXT, name=TEXT, fields=st.tuples(TEXT, TEXT, TEXT, TEXT), hint=TEXT, model=TEXT)
def test_input_never_becomes_markup(source, target, name, fields, hint, model):
    texts = [source, target, name, *fields, hint, model]
    hostile = render(hostile_doc(source, target, name, fields, hint, model))
    elements = [el for el in hostile.iter() if isinstance(el.tag, str)]
    assert {el.tag for el in elements} <= TAGS
    assert {a for el in elements for a in el.attrib} <= ATTRS
    assert len(hostile.xpath("//script")) == 2 and len(hostile.xpath("//style")) == 1
    if all(stable(t) for t in texts):
        # Same elements and attribute names as for harmless text of the same shape.
        benign = render(hostile_doc(blank(source), blank(target), blank(name), tuple(blank(f) for f in fields),
                                    blank(hint), blank(model)))
        assert skeleton(hostile) == skeleton(benign)
    # …and it all arrived as text, byte for byte (minus the characters XML/HTML cannot carry).
    clean = lambda s: xml_safe(s)[0].replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731
    zh_cell = hostile.xpath("//div[contains(@class,'zh')]")[0]
    assert zh_cell.text_content() == clean(source)
    if clean(hint):
        assert hostile.xpath("//span[@class='tm-text']")[0].text_content() == clean(hint)
    mark = hostile.xpath("//div[contains(@class,'zh')]//mark")
    if mark:
        assert mark[0].get("data-source") == clean(fields[2])
        assert mark[0].get("data-note") == clean(fields[3])
    assert hostile.xpath("//h1")[0].text_content() == clean(name)
    data = json.loads(hostile.get_element_by_id("bitext-data").text)
    assert data["document"] == xml_safe(name)[0]


def _one_term_page(term: Term, check: TermCheck, source: str, target: str):
    p = AlignedParagraph(
        0, "body", source, target, src_sentences=[Sentence(source, 0, len(source))],
        tgt_sentences=[Sentence(target, 0, len(target))], beads=[Bead((0,), (0,))], terms=[check],
    )
    return render(AlignedDocument("d", [p]))


def test_wrong_rendering_is_marked_flagged_and_explained():
    term = Term("一带一路", "Belt and Road", avoid=("OBOR",), source="NDRC (2015)")
    source, target = "参与一带一路。", "We join OBOR."
    page = _one_term_page(term, TermCheck(TermHit(term, 2, 6), False, None, "flagged", avoided="OBOR"), source, target)
    (mark,) = page.xpath("//div[contains(@class,'zh')]//mark")
    assert mark.get("data-status") == "wrong" and "term-wrong" in mark.get("class")
    assert mark.get("data-avoided") == "OBOR"
    row = page.get_element_by_id("p0")
    assert set(row.get("data-flags").split()) == {"term-missing", "term-wrong-rendering"}
    assert "wrong term rendering" in [c.text_content() for c in row.xpath(".//span[contains(@class,'chip')]")]
    legend = page.xpath("//footer[@class='legend']")[0].text_content()
    assert "wrong term rendering" in legend and "lists to avoid" in legend


def test_a_project_choice_is_never_labelled_official():
    project = Term("集美街道", "Jimei Subdistrict", source="no official rendering; project choice: pinyin")
    official = Term("雄安新区", "Xiong'an New Area", source="Report to the 20th CPC National Congress (2022)")
    for term, label in ((project, "project rendering"), (official, "official rendering")):
        source, target = f"{term.zh}。", f"{term.en}."
        page = _one_term_page(term, TermCheck(TermHit(term, 0, len(term.zh)), True, term.en), source, target)
        (mark,) = page.xpath("//div[contains(@class,'zh')]//mark")
        assert mark.get("data-label").startswith(label)
        assert (term.provenance == "project") == ("no official rendering exists" in mark.get("data-label"))
    script = (html.TEMPLATE_DIR / "app.js").read_text(encoding="utf-8")
    assert "Official rendering" not in script  # the tooltip takes its wording from data-label


def n_sentence_paragraph(n: int, **kw) -> AlignedParagraph:
    zh = [f"第{k}句。" for k in range(n)]
    en = [f"S{k}." for k in range(n)]
    zs, es, pos_z, pos_e = [], [], 0, 0
    for z, e in zip(zh, en):
        zs.append(Sentence(z, pos_z, pos_z + len(z)))
        es.append(Sentence(e, pos_e, pos_e + len(e)))
        pos_z, pos_e = pos_z + len(z), pos_e + len(e) + 1
    return AlignedParagraph(0, kw.pop("kind", "body"), "".join(zh), " ".join(en), src_sentences=zs, tgt_sentences=es,
                            beads=[Bead((k,), (k,), 0.9) for k in range(n)], **kw)


def test_a_paragraph_of_more_than_eight_pairs_gets_a_row_per_pair():
    assert not render(AlignedDocument("d", [n_sentence_paragraph(8)])).xpath("//article[contains(@class,'pair-row')]")
    rows = render(AlignedDocument("d", [n_sentence_paragraph(9)])).xpath("//article[contains(@class,'pair-row')]")
    assert [r.get("data-pair") for r in rows] == [str(k) for k in range(9)]


@pytest.mark.parametrize("kind, level, heading", [("heading", 0, True), ("body", 1, True), ("body", 0, False)])
def test_heading_rows(kind, level, heading):
    page = render(AlignedDocument("d", [n_sentence_paragraph(1, kind=kind, level=level)]))
    classes = page.get_element_by_id("p0").get("class").split()
    assert ("is-heading" in classes) == heading and (f"level-{level}" in classes) == heading


def test_chinese_marks_without_usable_offsets_and_the_longer_of_two_at_one_place():
    party, china = Term("中国共产党", "the Communist Party of China"), Term("中国", "China")
    source = "中国共产党领导。"
    # the sentence's offsets do not point at its text: marks are found by searching the sentence
    p = AlignedParagraph(0, "body", source, "The CPC leads.", src_sentences=[Sentence(source, 3, 11)],
                         tgt_sentences=[Sentence("The CPC leads.", 0, 14)], beads=[Bead((0,), (0,))],
                         terms=[TermCheck(TermHit(party, 0, 5), False)])
    assert [m.text_content() for m in render(AlignedDocument("d", [p])).xpath("//div[contains(@class,'zh')]//mark")] == [
        "中国共产党"]
    both = AlignedParagraph(0, "body", source, "The CPC leads.", src_sentences=[Sentence(source, 0, 8)],
                            tgt_sentences=[Sentence("The CPC leads.", 0, 14)], beads=[Bead((0,), (0,))],
                            terms=[TermCheck(TermHit(china, 0, 2), False), TermCheck(TermHit(party, 0, 5), False)])
    assert [m.text_content() for m in render(AlignedDocument("d", [both])).xpath("//div[contains(@class,'zh')]//mark")] == [
        "中国共产党"]


def test_an_unaligned_first_sentence_comes_first_and_text_before_it_is_kept():
    zh = [Sentence("一。", 0, 2), Sentence("二。", 2, 4)]
    en = [Sentence("One.", 4, 8), Sentence("Two.", 9, 13)]
    page = one_paragraph("一。二。", "(1) One. Two.", zh, en, [Bead((1,), (1,), 0.9)])
    assert [(s.text, s.get("data-bead")) for s in page.xpath("//div[contains(@class,'zh')]//span[@data-bead]")] == [
        ("一。", "p0-b0"), ("二。", "p0-b2")]
    assert page.xpath("//div[contains(@class,'en')]")[0].text_content().strip() == "(1) One. Two."
