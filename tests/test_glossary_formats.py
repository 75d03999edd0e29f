"""Glossary file formats: TSV, CSV, TBX — loading, errors naming file:line, round trips."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.glossary import formats
from bitext.core.terms import Term, Variant
from bitext.core.errors import FormatError

TSV = (
    "zh\ten\tvariants\tcategory\tnote\tsource\n"
    "四个意识\tmaintain political integrity, think in big-picture terms, follow the leadership core, and keep "
    "in alignment\tthe Four Consciousnesses; four-sphere consciousness\tslogan-theory\tclause\tCPC Constitution\n"
    "# a comment line\n"
    "\n"
    "乡村振兴\trural revitalization\t\tpolicy-campaign\t\tGovernment Work Report 2021\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_tsv_with_header(tmp_path):
    terms = formats.read(write(tmp_path, "g.tsv", TSV))
    assert [t.zh for t in terms] == ["四个意识", "乡村振兴"]
    first = terms[0]
    assert first.variant_texts == ("the Four Consciousnesses", "four-sphere consciousness")
    assert first.category == "slogan-theory" and first.source == "CPC Constitution"
    assert first.line == 2 and first.origin.endswith("g.tsv")
    assert terms[1].line == 5 and terms[1].variant_texts == ()


def test_tsv_without_header_is_positional(tmp_path):
    terms = formats.read(write(tmp_path, "g.tsv", "党支部\tParty branch\n党小组\tParty group\tParty team\n"))
    assert [(t.zh, t.en, t.variant_texts, t.category) for t in terms] == [
        ("党支部", "Party branch", (), "other"), ("党小组", "Party group", ("Party team",), "other")]


def test_tsv_header_aliases_and_column_order(tmp_path):
    terms = formats.read(write(tmp_path, "g.tsv", "EN\tZH-CN\nParty branch\t党支部\n"))
    assert (terms[0].zh, terms[0].en) == ("党支部", "Party branch")


def test_utf8_bom_and_crlf(tmp_path):
    terms = formats.read(write(tmp_path, "g.tsv", "\ufeffzh\ten\r\n党支部\tParty branch\r\n".encode("utf-8")))
    assert (terms[0].zh, terms[0].en, terms[0].line) == ("党支部", "Party branch", 2)


def test_csv_two_columns_without_header(tmp_path):
    terms = formats.read(write(tmp_path, "g.csv", '党支部,Party branch\n放管服,"streamline administration, '
                                                   'delegate power, improve regulation and upgrade services"\n'))
    assert terms[1].en.startswith("streamline administration, delegate") and terms[1].line == 2


def test_csv_with_header_and_multiline_field(tmp_path):
    content = 'zh,en,note\n党支部,Party branch,"two\nlines"\n党小组,Party group,\n'
    terms = formats.read(write(tmp_path, "g.csv", content))
    assert [t.line for t in terms] == [2, 4]
    assert terms[0].note == "two lines"


@pytest.mark.parametrize("name, content, line, words", [
    ("bad.tsv", "zh\ten\n党支部\tParty branch\n党小组\n", 3, "at least zh and en"),
    ("bad.tsv", "zh\ten\n党支部\tParty branch\textra\n", 2, "at most 2"),
    ("bad.tsv", "zh\ten\tcolour\n", 1, "unknown column 'colour'"),
    ("bad.tsv", "zh\ten\n党支部\tParty branch\n\tParty group\n", 3, "empty 'zh'"),
    ("bad.tsv", "zh\ten\n党支部\t\n", 2, "empty 'en'"),
    ("bad.tsv", "党支部\tParty branch\n".encode() + "党小组\tParty group\n".encode("gbk"), 2, "UTF-8"),
    ("bad.csv", 'zh,en\n党支部,Party branch\n党小组,"Party group\n', 3, "malformed CSV"),
    ("bad.csv", "zh,en\n党支部,\n", 2, "empty 'en'"),
    ("bad.csv", "zh,en\n党支部,a,b,c,d,e,f\n", 2, "at most"),
    ("bad.tsv", "zh\ten\tvariants\n一带一路\tBelt and Road\tBRI|2016|GWR|x\n", 2, "write rendering|YEAR|SOURCE"),
    ("bad.tsv", "zh\ten\tvariants\n一带一路\tBelt and Road\tBRI|twenty|GWR\n", 2, "'twenty' is not a year"),
    ("bad.tsv", "zh\ten\tvariants\n一带一路\tBelt and Road\t|2016|GWR\n", 2, "no rendering"),
    ("bad.tbx", "<martif><text><body><termEntry>\n<langSet xml:lang='zh'><tig><term>党</term></tig>\n</body>"
                "</text></martif>", 3, "not well-formed"),
    ("bad.tbx", "<html/>", 1, "expected <martif> or <tbx>"),
    ("bad.tbx", "<martif><text><body>\n<termEntry>\n<langSet><tig><term>党</term></tig></langSet>"
                "</termEntry></body></text></martif>", 3, "without xml:lang"),
    ("bad.tbx", "<martif><text><body>\n<termEntry>\n<langSet xml:lang='en'><tig><term>Party</term></tig>"
                "</langSet></termEntry></body></text></martif>", 2, "empty 'zh'"),
    ("bad.tbx", "<martif><text><body>\n<termEntry>\n<langSet xml:lang='zh'><tig><term>党</term></tig>"
                "</langSet></termEntry></body></text></martif>", 3, "empty 'en'"),
])
def test_errors_name_file_and_line(tmp_path, name, content, line, words):
    path = write(tmp_path, name, content)
    with pytest.raises(FormatError) as info:
        formats.read(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(FormatError, match="unknown glossary format"):
        formats.read(write(tmp_path, "g.docx", "x"))
    with pytest.raises(FormatError, match="not found"):
        formats.read(tmp_path / "missing.tsv")


def test_tbx_entity_is_not_expanded(tmp_path):
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    content = (f'<!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>'
               "<martif><text><body><termEntry><langSet xml:lang='zh'><tig><term>党</term></tig></langSet>"
               "<langSet xml:lang='en'><tig><term>the Party &x;</term></tig></langSet></termEntry></body></text></martif>")
    # Issue 12: the reference was dropped without a word ("the Party "); now it is reported, unexpanded.
    with pytest.raises(FormatError, match=r"g\.tbx:1: entity reference &x; in <term>") as info:
        formats.read(write(tmp_path, "g.tbx", content))
    assert "SECRET" not in str(info.value)


def test_tbx_v3_import(tmp_path):
    content = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">party-state-body</descrip>
      <langSec xml:lang="zh"><termSec><term>中纪委</term></termSec><termSec><term>中央纪委</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>CCDI</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Central Commission for Discipline Inspection</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Central Discipline Committee</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>"""
    terms = formats.read(write(tmp_path, "g.tbx", content))
    assert [t.zh for t in terms] == ["中纪委", "中央纪委"]
    assert terms[0].en == "Central Commission for Discipline Inspection"
    assert terms[0].variant_texts == ("CCDI",)  # the deprecated rendering is not accepted
    assert terms[0].category == "party-state-body"
    assert terms[0].line == 6 and terms[1].line == 6


NEW_FORMAT = (
    "zh\ten\tvariants\tavoid\tcategory\tnote\tsource\n"
    "一带一路\tBelt and Road\tBelt and Road Initiative;Silk Road Economic Belt and 21st Century Maritime Silk Road "
    "Initiative|2016|Government Work Report 2016, official English\tOne Belt One Road;OBOR\tpolicy-campaign\t\t"
    "NDRC (2015)\n"
)


def test_new_columns_variants_with_year_and_source_and_avoid(tmp_path):
    (term,) = formats.read(write(tmp_path, "g.tsv", NEW_FORMAT))
    assert term.variants == (Variant("Belt and Road Initiative"),
                             Variant("Silk Road Economic Belt and 21st Century Maritime Silk Road Initiative", 2016,
                                     "Government Work Report 2016, official English"))
    assert term.avoid == ("One Belt One Road", "OBOR")
    assert term.renderings[2].startswith("Silk Road") and term.category == "policy-campaign"


def test_six_column_files_still_load(tmp_path):
    (term,) = formats.read(write(tmp_path, "g.tsv", TSV.split("# a comment")[0]))
    assert term.avoid == () and term.variant_texts == ("the Four Consciousnesses", "four-sphere consciousness")
    # Without a header the columns are positional, the avoid-list last.
    (term,) = formats.read(write(tmp_path, "h.tsv", "一带一路\tBelt and Road\tBRI|2016|GWR\tother\t\tNDRC\tOBOR\n"))
    assert (term.variants, term.source, term.avoid) == ((Variant("BRI", 2016, "GWR"),), "NDRC", ("OBOR",))


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx"])
def test_variant_provenance_and_avoid_round_trip(tmp_path, fmt):
    terms = formats.read(write(tmp_path, "g.tsv", NEW_FORMAT))
    buffer = io.StringIO()
    formats.write(terms, buffer, fmt)
    back = formats.read(write(tmp_path, f"back.{fmt}", buffer.getvalue()))
    assert [(t.zh, t.en, t.variants, t.avoid, t.source) for t in back] == [
        (t.zh, t.en, t.variants, t.avoid, t.source) for t in terms]


def test_tbx_marks_avoided_renderings_deprecated_and_dates_variants(tmp_path):
    from lxml import etree

    buffer = io.StringIO()
    formats.write(formats.read(write(tmp_path, "g.tsv", NEW_FORMAT)), buffer, "tbx")
    root = etree.fromstring(buffer.getvalue().encode("utf-8"))
    tigs = root.xpath("//langSet[@xml:lang='en-US']/tig")
    status = {t.findtext("term"): t.findtext("termNote") for t in tigs}
    assert status["OBOR"] == "deprecatedTerm-admn-sts" and status["Belt and Road"] == "preferredTerm-admn-sts"
    dated = next(t for t in tigs if t.findtext("term").startswith("Silk Road"))
    assert dated.findtext("note") == "year: 2016"
    assert dated.xpath("admin[@type='source']/text()") == ["Government Work Report 2016, official English"]


# Cn: noncharacters such as U+FFFE, which XML (TBX) cannot hold and no glossary entry contains.
_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp")),
                min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)
_plain = _text.filter(lambda s: ";" not in s and "|" not in s)  # what a variant or avoid item can hold
_zh = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8)
_terms = st.lists(
    st.builds(Term, zh=_zh, en=_text.filter(lambda s: ";" not in s),
              variants=st.lists(st.builds(Variant, _plain, st.none() | st.integers(1949, 2030), _plain | st.just("")),
                                max_size=3).map(tuple),
              avoid=st.lists(_plain, max_size=2).map(tuple),
              category=st.sampled_from(["slogan-theory", "place", "other"]), note=_text | st.just(""),
              source=_text | st.just("")),
    min_size=1, max_size=6, unique_by=lambda t: t.zh)


def _essence(terms):
    # Readers store NFC (entries compare equal however they were typed); compare in that form.
    def nfc(s):
        return unicodedata.normalize("NFC", s)

    return [(nfc(t.zh), nfc(t.en), tuple((nfc(v.text), v.year, nfc(v.source)) for v in t.variants if v.text != t.en),
             tuple(nfc(a) for a in t.avoid), t.category, nfc(t.note), nfc(t.source)) for t in terms]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx"])
@settings(max_examples=25, deadline=None)
@given(terms=_terms)
def test_round_trip(tmp_path_factory, fmt, terms):
    buffer = io.StringIO()
    formats.write(terms, buffer, fmt)
    path = tmp_path_factory.mktemp("rt") / f"g.{fmt}"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    back = formats.read(path)
    assert _essence(back) == _essence(terms)


def test_tbx_export_is_tbx_basic(tmp_path):
    from lxml import etree

    buffer = io.StringIO()
    formats.write([Term("四个意识", "maintain political integrity", ("the Four Consciousnesses",),
                        "slogan-theory", "clause", "CPC Constitution")], buffer, "tbx")
    root = etree.fromstring(buffer.getvalue().encode("utf-8"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    statuses = root.xpath("//langSet[@xml:lang='en-US']/tig/termNote[@type='administrativeStatus']/text()")
    assert statuses == ["preferredTerm-admn-sts", "admittedTerm-admn-sts"]
    assert root.xpath("//admin[@type='source']/text()") == ["CPC Constitution"]
