"""Files for CAT tools without the CAT tool: TMX units for the original file's segments, XLIFF 1.2 for
post-editing (schema, states, notes, reading it back in eval and --tm) and the OmegaT glossary format.

The real-client checks are in test_cat_roundtrip.py.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cat_page import ENGLISH, GLOSSARY_TSV, PAGE_MD, PAGE_TXT, TableTranslator
from lxml import etree
from xliff_schema import schema_errors

from bitext.align.divide import divide_translation
from bitext.align.split.omegat import omegat_text_segments
from bitext.core.errors import FormatError
from bitext.glossary import load_glossary
from bitext.glossary.formats import omegat as omegat_glossary
from bitext.translate import read_document, translate_document
from bitext.translate.pipeline import TranslateOptions
from bitext.translate.tm import TMUnit, TranslationMemory, iter_tmx, load_tm
from bitext.translate.xliff import iter_xliff
from bitext.writers import WriterOptions, write_outputs

NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"
CREATED = WriterOptions(created=datetime(2024, 3, 18, tzinfo=timezone.utc))


def _translate(tmp_path: Path, name: str, text: str, segmentation: str = "omegat", tm=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "terms.tsv").write_text(GLOSSARY_TSV, encoding="utf-8")
    glossary = load_glossary([tmp_path / "terms.tsv"], builtin=False)
    options = TranslateOptions(segmentation=segmentation, glossary_mode="check")
    return translate_document(read_document(path), TableTranslator(), glossary, options, tm=tm)


def _tu_props(path: Path) -> list[tuple[dict[str, str], str, str]]:
    out = []
    for tu in etree.parse(str(path)).getroot().iter("tu"):
        props = {p.get("type"): p.text for p in tu.iter("prop")}
        zh, en = (seg.text for seg in tu.iter("seg"))
        out.append((props, zh, en))
    return out


@pytest.mark.parametrize("name,text", [("page.txt", PAGE_TXT), ("page.md", PAGE_MD)])
def test_tmx_holds_every_segment_omegat_cuts_from_the_original_file(tmp_path, name, text):
    doc = _translate(tmp_path, name, text)
    (tmx,) = write_outputs(doc, tmp_path / "out", ["tmx"], CREATED).files
    pairs = {(u.source, u.target) for u in iter_tmx(tmx)}
    sources = {s for s, _ in pairs}
    for mode in ("breaks", "emptylines"):
        segments = [s.text for s in omegat_text_segments(text.split("\n"), mode)]
        missing = [s for s in segments if " ".join(s.split()) not in sources]
        assert missing == [], mode
    # Furniture is translated under OmegaT segmentation: a translator's tool has it as segments too.
    assert ("第4版", "Page 4") in pairs


def test_line_segments_carry_marks_and_the_divided_english(tmp_path):
    doc = _translate(tmp_path, "page.md", PAGE_MD)
    (tmx,) = write_outputs(doc, tmp_path / "out", ["tmx"], CREATED).files
    units = {zh: (props, en) for props, zh, en in _tu_props(tmx)}
    props, en = units["## 清水入户 惠及万家"]
    assert en == "## Clean water reaches every home"
    assert props["x-segment-of"] == "original-line" and props["x-lines"] == "7"
    first, second = units["如今，自来水管道已经铺到了"], units["海拔一千多米的高山村寨，全县农村自来水普及率达到98.5%。"]
    whole = ENGLISH["如今，自来水管道已经铺到了海拔一千多米的高山村寨，全县农村自来水普及率达到98.5%。"]
    assert f"{first[1]} {second[1]}" == whole  # the halves' English is the sentence's, divided once
    assert "98.5%" in second[1] and "1,000" in second[1] and first[1].startswith("Today")
    assert "split-translation" in first[0]["x-flags"] and first[0]["x-lines"] == "13"
    assert second[0]["x-paragraph"] == first[0]["x-paragraph"]
    head, tail = units["县里组建了专业化管护队伍，建立了水质检测、"], units["故障报修和水费收缴等制度，确保工程长期发挥效益。"]
    assert head[1].endswith("water quality testing,") and tail[1].startswith("fault reporting")
    # OmegaT's default mode keeps the line-broken sentence in one segment, line break inside.
    props, en = units["县里组建了专业化管护队伍，建立了水质检测、\n故障报修和水费收缴等制度，确保工程长期发挥效益。"]
    assert props["x-segment-of"] == "original-lines" and props["x-lines"] == "21-22"
    assert en == ENGLISH["县里组建了专业化管护队伍，建立了水质检测、故障报修和水费收缴等制度，确保工程长期发挥效益。"]
    # Sentence units are not repeated, and only the sentence-level file holds line segments.
    assert len([zh for _, zh, _ in _tu_props(tmx)]) == len(units)
    para = write_outputs(doc, tmp_path / "para", ["tmx"], WriterOptions(tmx_level="paragraph")).files[0]
    assert not any("x-segment-of" in p for p, _, _ in _tu_props(para))


class _Echo(TableTranslator):
    """Numbers the texts of each call: T0, T1 …"""

    def translate(self, texts):
        return [f"T{i}" for i, _ in enumerate(texts)]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / name


def test_bitext_segmentation_adds_no_line_segments(tmp_path):
    doc = translate_document(read_document(_write(tmp_path, "p.txt", "第一句，\n\n第二句。\n")), _Echo())
    assert len(doc.paragraphs) == 1 and doc.file_segments == []


def test_a_heading_line_above_a_sentence_in_one_blank_line_paragraph(tmp_path):
    # No blank line between a heading and its paragraph: OmegaT's default mode makes one segment of
    # the heading and the first sentence; its English keeps the line break between them.
    text = "## 标题一\n第一句话。第二句话。\n"
    doc = translate_document(read_document(_write(tmp_path, "h.md", text)), _Echo(),
                             options=TranslateOptions(segmentation="omegat"))
    got = {s.source: s.target for s in doc.file_segments}
    assert got["## 标题一\n第一句话。"] == "## T0\nT1"
    assert got["## 标题一"] == "## T0"


def test_divide_translation():
    pieces = ["县里组建了专业化管护队伍，建立了水质检测、", "故障报修和水费收缴等制度，确保工程长期发挥效益。"]
    english = ENGLISH["".join(pieces)]
    head, tail = divide_translation(pieces, english)
    assert head.endswith("testing,") and f"{head} {tail}" == english
    assert divide_translation(["一"], " One ") == ["One"]
    assert divide_translation(["甲", "乙", "丙"], "Two words") == ["Two", "", "words"]  # fewer words than pieces
    # A realised glossary rendering goes with the piece holding its Chinese.
    parts = divide_translation(["坚持民生实事", "和发展"], "Stick to practical matter for the people and development",
                               terms=[("民生实事", "practical matter for the people")], use_dictionary=False)
    assert parts[0].endswith("people")


def test_xliff_is_valid_and_carries_states_notes_structure(tmp_path):
    tm = TranslationMemory([TMUnit("群众喝上了放心水。", "People now drink safe water.", "mem.tmx", 1)])
    doc = translate_document(read_document(_write(tmp_path, "page.txt", PAGE_TXT)), TableTranslator(),
                             load_glossary([_write(tmp_path, "t.tsv", GLOSSARY_TSV)], builtin=False),
                             TranslateOptions(segmentation="omegat", glossary_mode="check", keep_furniture=False), tm=tm)
    (xlf,) = write_outputs(doc, tmp_path / "out", ["xliff"], CREATED).files
    assert xlf.name == "page.xlf"
    assert schema_errors(xlf) == []
    root = etree.parse(str(xlf)).getroot()
    f = root.find(f"{X}file")
    assert (f.get("source-language"), f.get("target-language"), f.get("original")) == ("zh-CN", "en-US", "page.txt")
    groups = {g.get("id"): g for g in root.iter(f"{X}group")}
    kinds = [g.get("restype") for g in groups.values()]
    assert kinds[:5] == ["x-furniture", "x-furniture", "heading", "heading", "x-byline"] and "caption" in kinds
    assert groups["p0"].get("translate") == "no" and groups["p2"].get("translate") is None
    lines = {c.get("context-type"): c.text for c in groups["p6"].iter(f"{X}context")}
    assert lines == {"sourcefile": "page.txt", "linenumber": "13", "x-line-end": "17"}  # the joined paragraph
    units = {tu.findtext(f"{X}source"): tu for tu in root.iter(f"{X}trans-unit")}
    mt = units["今年以来，青山县把农村供水保障作为民生实事来抓，累计投入资金2.3亿元，新建和改造供水工程48处。"]
    assert mt.find(f"{X}target").get("state") == "needs-review-translation"
    notes = [n.text for n in mt.iter(f"{X}note")]
    assert notes == ["body, line 11 of page.txt",
                     "glossary: 民生实事 = practical matter for the people (official rendering; source: Test style sheet 2024)"]
    from_tm = units["群众喝上了放心水。"].find(f"{X}target")
    assert (from_tm.text, from_tm.get("state"), from_tm.get("state-qualifier")) == \
        ("People now drink safe water.", "translated", "exact-match")


def test_xliff_marks_untranslated_furniture_and_missing_terms(tmp_path):
    text = "2024年3月18日 星期一\n\n坚持民生实事。\n"
    glossary = load_glossary([_write(tmp_path, "t.tsv", GLOSSARY_TSV)], builtin=False)
    doc = translate_document(read_document(_write(tmp_path, "f.txt", text)), _Echo(), glossary,
                             TranslateOptions(glossary_mode="check"))
    (xlf,) = write_outputs(doc, tmp_path, ["xliff"], CREATED).files
    assert schema_errors(xlf) == []
    root = etree.parse(str(xlf)).getroot()
    furniture, body = root.iter(f"{X}trans-unit")
    assert furniture.get("translate") == "no" and furniture.find(f"{X}target") is None
    notes = [n.text for n in body.iter(f"{X}note")]
    assert any("NOT found in the English" in n for n in notes) and "flags: term-missing" in notes


def test_schema_check_can_fail(tmp_path):
    bad = _write(tmp_path, "bad.xlf", f'<xliff xmlns="{NS}" version="1.2"><file original="a" '
                 'source-language="zh-CN" datatype="plaintext"><body><trans-unit id="1"><target>x</target>'
                 "</trans-unit></body></file></xliff>")
    assert schema_errors(bad)


def _post_edit(xlf: Path, out: Path, edits: dict[str, str]) -> Path:
    tree = etree.parse(str(xlf))
    for tu in tree.getroot().iter(f"{X}trans-unit"):
        source = tu.findtext(f"{X}source")
        if source in edits:
            target = tu.find(f"{X}target")
            target.text = edits[source]
            target.set("state", "translated")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def test_eval_and_tm_read_a_post_edited_xliff(tmp_path, cli):
    doc = _translate(tmp_path, "page.txt", PAGE_TXT)
    (xlf, tmx) = write_outputs(doc, tmp_path / "out", ["xliff", "tmx"], CREATED).files
    edited = _post_edit(xlf, tmp_path / "edited.xlf", {"群众喝上了放心水。": "People now drink safe water."})
    assert schema_errors(edited) == []

    result = cli("eval", "--hyp", str(xlf), "--ref", str(edited), "--json", "--glossary", str(tmp_path / "terms.tsv"),
                 "--no-builtin-glossary")  # the glossary the page was translated with, not the growing base
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    translatable = len(list(iter_xliff(xlf)))
    assert report["total"]["segments"] == translatable == 13
    assert 50 < report["total"]["bleu"] < 100
    assert report["total"]["terms"]["occurrences"] == 1  # the XLIFF carries its own Chinese side

    # TMX with line segments reads back as its sentences only (x-segment-of units repeat them).
    sentences = [u for u in iter_tmx(tmx) if not u.segment_of]
    result = cli("eval", "--hyp", str(tmx), "--ref", str(tmx), "--json")
    assert json.loads(result.output)["total"]["segments"] == len(sentences) < len(list(iter_tmx(tmx)))

    # As a memory only reviewed units count, and they win over the model next time: one edited and
    # marked translated, one confirmed unchanged, one edited by a tool that leaves the state alone.
    confirmed = "“水通了，还要管得好。”县水利局局长王建华说。"
    edited = _post_edit(edited, edited, {confirmed: ENGLISH[confirmed]})
    tree = etree.parse(str(edited))
    aunt_li = "村民李大妈高兴地说：“以前挑水要走一个钟头，现在拧开龙头就有水！”她家的日子越过越红火。"
    quiet = next(tu for tu in tree.getroot().iter(f"{X}trans-unit") if tu.findtext(f"{X}source") == aunt_li)
    quiet.find(f"{X}target").text = "Aunt Li said: an hour for water then, a tap now."
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    tm = load_tm([edited])
    assert sorted((u.source, u.target) for u in tm) == sorted([
        ("群众喝上了放心水。", "People now drink safe water."),
        (confirmed, ENGLISH[confirmed]),
        (aunt_li, "Aunt Li said: an hour for water then, a tap now."),
    ])
    again = _translate(tmp_path, "page.txt", PAGE_TXT, tm=tm)
    paragraph = next(p for p in again.paragraphs if "群众喝上了放心水。" in p.source)
    assert "People now drink safe water." in paragraph.target
    with pytest.raises(FormatError, match="no reviewed translation"):
        load_tm([xlf])


def test_glossary_export_for_omegat(tmp_path, cli):
    out = tmp_path / "glossary.txt"
    result = cli("glossary", "export", "-f", "omegat", "-o", str(out), "--no-builtin-glossary",
                 "--glossary", str(_write(tmp_path, "t.tsv", GLOSSARY_TSV + "两个维护\tTwo Upholds\tthe Two Safeguards\tpolitical\t\t\n")))
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    assert lines[1:] == [
        "民生实事\tpractical matter for the people\tofficial rendering; category: policy; source: Test style sheet 2024",
        "两个维护\tTwo Upholds\tofficial rendering; also accepted: the Two Safeguards; category: political",
    ]
    terms = omegat_glossary.parse(out)
    assert [(t.zh, t.en) for t in terms] == [("民生实事", "practical matter for the people"), ("两个维护", "Two Upholds")]
    assert load_glossary([out.rename(tmp_path / "glossary.utf8")], builtin=False).search("两个维护")
