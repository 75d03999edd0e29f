"""TMX 1.4b writer: DTD validity, the rules the DTD misses, round-trip of arbitrary text."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_writers_sample import sample_document

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.writers import WriterOptions, tmx, write_outputs
from bitext.writers.clean import CharCounter, trim, xml_safe

# Vendored (tests/data/README.md has its origin and licence) so the validation never depends on shared/.
DTD_PATH = Path(__file__).resolve().parent / "data" / "tmx14.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_RE = re.compile(r"^\d{8}T\d{6}Z$")
XML10_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EDGE_BLANK = re.compile(r"^[\s\u3000\u00a0\ufeff]|[\s\u3000\u00a0\ufeff]$")
WHEN = datetime(2024, 12, 12, 8, 30, 5, tzinfo=timezone.utc)
SAFE_PARSER = dict(load_dtd=False, no_network=True, resolve_entities=False)


def parse(data: bytes) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(data, etree.XMLParser(**SAFE_PARSER)))


def lint(tree: etree._ElementTree, src: str = "zh-CN", tgt: str = "en-US") -> list[str]:
    """Rules real tools apply that libxml2's DTD validation does not check."""
    errors = []
    root = tree.getroot()
    header = root.find("header")
    if root.tag != "tmx" or root.get("version") != "1.4":
        errors.append("root is not <tmx version='1.4'>")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        if not header.get(attr):
            errors.append(f"header/@{attr} missing")
    if header.get("srclang") != src:
        errors.append(f"srclang {header.get('srclang')!r} != {src!r}")
    if not DATE_RE.match(header.get("creationdate", "")):
        errors.append("header creationdate not YYYYMMDDThhmmssZ")
    if any(isinstance(n, etree._Entity) for n in root.iter()):
        errors.append("entity reference present")
    tuids = [tu.get("tuid") for tu in root.iter("tu")]
    if len(set(tuids)) != len(tuids) or any(not t or re.search(r"\s", t) for t in tuids):
        errors.append(f"tuids not unique / contain blanks: {tuids}")
    for tu in root.iter("tu"):
        children = [c.tag for c in tu]
        if "prop" in children and children.index("tuv") < max(i for i, c in enumerate(children) if c == "prop"):
            errors.append(f"{tu.get('tuid')}: prop after tuv")
        for prop in tu.iter("prop"):
            if not prop.get("type", "").startswith("x-"):
                errors.append(f"{tu.get('tuid')}: prop type {prop.get('type')!r}")
        tuvs = tu.findall("tuv")
        langs = [t.get(XML_LANG) for t in tuvs]
        if langs != [src, tgt]:
            errors.append(f"{tu.get('tuid')}: tuv languages {langs}")
        for tuv in tuvs:
            text = "".join(tuv.find("seg").itertext())
            if not text or EDGE_BLANK.search(text) or XML10_INVALID.search(text):
                errors.append(f"{tu.get('tuid')}: bad seg {text!r}")
    return errors


def pairs(tree: etree._ElementTree) -> list[tuple[str, str]]:
    return [
        tuple("".join(tuv.find("seg").itertext()) for tuv in tu.findall("tuv"))
        for tu in tree.getroot().iter("tu")
    ]


def one_pair_doc(source: str, target: str, name: str = "doc") -> AlignedDocument:
    p = AlignedParagraph(
        index=0, kind="body", source=source, target=target,
        src_sentences=[Sentence(source, 0, len(source))],
        tgt_sentences=[Sentence(target, 0, len(target))],
        beads=[Bead((0,), (0,), 0.5)],
    )
    return AlignedDocument(name=name, paragraphs=[p], meta={"model": "m"})


# ---- structure ------------------------------------------------------------------------------------

@pytest.fixture
def sentence_tmx() -> etree._ElementTree:
    return parse(tmx.render(sample_document(), WriterOptions(created=WHEN), "sentence"))


def test_validates_against_tmx14_dtd(tmp_path):
    dtd = etree.DTD(str(DTD_PATH))
    for level in ("sentence", "paragraph"):
        tree = parse(tmx.render(sample_document(), WriterOptions(created=WHEN), level))
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_dtd_rejects_a_broken_file():
    """The validation above can fail: a <prop> after the <tuv>s is invalid."""
    tree = parse(tmx.render(sample_document(), WriterOptions(created=WHEN)))
    tu = tree.getroot().find("body/tu")
    tu.append(tu.find("prop"))
    assert not etree.DTD(str(DTD_PATH)).validate(tree)


def test_lint_rules_hold(sentence_tmx):
    assert lint(sentence_tmx) == []


def test_lint_catches_a_tuv_without_xml_lang(sentence_tmx):
    tuv = sentence_tmx.getroot().find("body/tu/tuv")
    del tuv.attrib[XML_LANG]
    tuv.set("lang", "zh-CN")
    assert any("tuv languages" in e for e in lint(sentence_tmx))


def test_header(sentence_tmx):
    header = sentence_tmx.getroot().find("header")
    assert header.get("creationtool") == "bitext"
    assert header.get("segtype") == "sentence"
    assert header.get("datatype") == "plaintext"
    assert header.get("adminlang") == "en-US"
    assert header.get("creationdate") == "20241212T083005Z"
    assert {p.get("type") for p in header.iter("prop")} >= {"x-document", "x-model"}


def test_meta_keys_become_ascii_prop_types():
    doc = one_pair_doc("你好。", "Hello.")
    doc.meta.update({"Engine Name": "ct2", "模型 版本": "3", "权重": "x", "empty": " "})
    header = parse(tmx.render(doc, WriterOptions(created=WHEN))).getroot().find("header")
    assert [(p.get("type"), p.text) for p in header.iter("prop")] == [
        ("x-document", "doc"), ("x-engine-name", "ct2"), ("x-model", "m"), ("x-meta", "x"), ("x-meta", "3")]


def test_bytes_start_with_utf8_declaration():
    data = tmx.render(sample_document(), WriterOptions(created=WHEN))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    data.decode("utf-8")


def test_sentence_units_and_props(sentence_tmx):
    got = pairs(sentence_tmx)
    doc = sample_document()
    # p0 (1), p1 (3), p2 2:1 + 1:1 (2), p3 (1), p6 first bead (1), p7 (1); furniture, the empty
    # translation and the 1:0 bead are skipped.
    assert len(got) == 9
    assert got[0] == (doc.paragraphs[0].source, doc.paragraphs[0].target)
    assert ("推动高质量发展。这是首要任务。", "Promoting development is the primary task.") in got
    assert all(src and tgt for src, tgt in got)

    tus = {tu.get("tuid"): tu for tu in sentence_tmx.getroot().iter("tu")}
    props = {t: {p.get("type"): p.text for p in tu.findall("prop")} for t, tu in tus.items()}
    assert props["p2-b1"]["x-alignment"] == "2-1"
    assert props["p2-b1"]["x-align-score"] == "0.410"
    assert set(props["p2-b1"]["x-flags"].split(",")) == {"low-alignment-confidence", "term-missing"}
    assert props["p1-b2"]["x-glossary-terms"] == (
        "新发展理念=new development philosophy; 新发展格局=new development pattern"
    )
    assert props["p0-b1"]["x-block-kind"] == "heading"
    assert props["p0-b1"]["x-origin"] == "mt"
    assert props["p0-b1"]["x-mt-model"] == "Helsinki-NLP/opus-mt-zh-en"
    assert props["p7-b1"]["x-origin"] == "human"
    assert "x-mt-model" not in props["p7-b1"]
    assert props["p6-b1"]["x-flags"] == "chunked"


def test_beads_with_an_empty_side_are_left_out():
    doc = sample_document()
    tree = parse(tmx.render(doc, WriterOptions(created=WHEN)))
    beads = sum(len(p.beads) for p in doc.paragraphs if p.target is not None)
    assert len(tree.getroot().findall("body/tu")) == beads - 2  # empty translation, 1:0 bead


def test_paragraph_level():
    tree = parse(tmx.render(sample_document(), WriterOptions(created=WHEN), "paragraph"))
    assert tree.getroot().find("header").get("segtype") == "paragraph"
    doc = sample_document()
    expected = [(p.source, p.target) for p in doc.paragraphs if p.target]
    assert pairs(tree) == expected
    assert [tu.get("tuid") for tu in tree.getroot().iter("tu")] == ["p0", "p1", "p2", "p3", "p6", "p7"]
    assert lint(tree) == []


@pytest.mark.parametrize(
    ("level", "names"),
    [("sentence", ["x.tmx"]), ("paragraph", ["x.tmx"]), ("both", ["x.tmx", "x.para.tmx"])],
)
def test_tmx_level_files(tmp_path, level, names):
    written = write_outputs(sample_document("x"), tmp_path, ["tmx"], WriterOptions(tmx_level=level)).files
    assert [p.name for p in written] == names
    segtypes = [parse(p.read_bytes()).getroot().find("header").get("segtype") for p in written]
    assert segtypes == {"sentence": ["sentence"], "paragraph": ["paragraph"],
                        "both": ["sentence", "paragraph"]}[level]


def test_language_codes_are_configurable():
    tree = parse(tmx.render(sample_document(), WriterOptions(src_lang="zh-Hans", tgt_lang="en-GB")))
    assert tree.getroot().find("header").get("srclang") == "zh-Hans"
    assert lint(tree, "zh-Hans", "en-GB") == []


def test_no_props_option():
    tree = parse(tmx.render(sample_document(), WriterOptions(tmx_props=False)))
    assert not list(tree.getroot().iter("prop"))


def test_invalid_characters_removed_and_counted():
    clean = CharCounter()
    doc = one_pair_doc("今天\x0b天气\x01很好。\ufffe", "The\x0bweather\ud800 is nice.\x00")
    doc.meta["model"] = "m\x07"
    tree = parse(tmx.render(doc, WriterOptions(), clean=clean))
    assert pairs(tree) == [("今天 天气很好。", "The weather is nice.")]
    # 3 in the source, 3 in the target, and the model name in the header and in the TU's prop
    assert clean.removed == 8


def test_segments_are_trimmed_but_inner_text_kept():
    tree = parse(tmx.render(one_pair_doc("\u3000\u3000今天 天气。\u00a0", "  A\u00a0&\u00a0B.\n"),
                            WriterOptions()))
    assert pairs(tree) == [("今天 天气。", "A\u00a0&\u00a0B.")]


def test_markup_in_text_is_text(tmp_path):
    src, tgt = "<b>加粗</b>&amp;]]>", "<script>alert(1)</script> & \"q\" 'a' ]]>"
    data = tmx.render(one_pair_doc(src, tgt), WriterOptions())
    assert b"<script>" not in data and b"<b>" not in data
    assert pairs(parse(data)) == [(src, tgt)]


# ---- round trip over arbitrary text ---------------------------------------------------------------

NASTY = ["\x00", "\x0b", "\x0c", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff", "]]>", "&", "&amp;",
         "<", "<script>alert(1)</script>", "\u3000", "\u00a0", " ", "\n", "\r", "\t", "\ufeff", "\U0001f600",
         "中文。", "\u2028"]
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # includes surrogates and controls
ANY_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(ANY_CHAR, max_size=8)), max_size=8).map("".join)


def expected(text: str) -> str:
    return trim(xml_safe(text)[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=ANY_TEXT, target=ANY_TEXT, name=ANY_TEXT)
def test_round_trip_arbitrary_text(source, target, name):
    clean = CharCounter()
    data = tmx.render(one_pair_doc(source, target, name or "doc"), WriterOptions(created=WHEN), clean=clean)
    tree = parse(data)  # must be well-formed whatever the input
    src, tgt = expected(source), expected(target)
    if src and tgt:
        assert pairs(tree) == [(src, tgt)]
        assert lint(tree) == []
    else:
        assert pairs(tree) == []
    removed = xml_safe(source)[1] + xml_safe(target)[1] if src and tgt else None
    if removed is not None:
        # The document name appears twice (header and TU prop), the texts once each.
        assert clean.removed == removed + 2 * xml_safe(name or "doc")[1]
    header_doc = tree.getroot().find("header/prop[@type='x-document']").text or ""
    assert header_doc == xml_safe(name or "doc")[0]
