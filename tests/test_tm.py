"""Translation memories: TMX shapes of real CAT tools, normalised exact lookup, fuzzy hints, errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.core.errors import FormatError, InputError
from bitext.translate.tm import (
    TMUnit,
    TranslationMemory,
    iter_tmx,
    language_family,
    load_tm,
    match_key,
    tm_lookup,
)

# The shape OmegaT 3.6 writes for a project memory (level 2 export): upper-case language codes,
# all header attributes, changeid/changedate on the tuvs.
OMEGAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="3.6.0_10" segtype="sentence" srclang="ZH-CN"/>
  <body>
<!-- Default translations -->
    <tu tuid="1" changedate="20240105T101500Z">
      <tuv xml:lang="ZH-CN">
        <seg>中国经济稳中向好，发展韧性持续显现。</seg>
      </tuv>
      <tuv xml:lang="EN-US" changeid="translator" changedate="20240105T101500Z" creationid="translator" creationdate="20240105T101500Z">
        <seg>China's economy is stable and improving, and its resilience continues to show.</seg>
      </tuv>
    </tu>
    <tu tuid="2" changedate="20240105T101600Z">
      <tuv xml:lang="ZH-CN">
        <seg>全面推进乡村振兴。</seg>
      </tuv>
      <tuv xml:lang="EN-US">
        <seg>We will fully advance rural revitalization.</seg>
      </tuv>
    </tu>
  </body>
</tmx>
"""

# OmegaT's -omegat.tmx / -level1.tmx files: TMX 1.1 with the legacy `lang` attribute.
OMEGAT_LEVEL1_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="3.6.0_10" segtype="sentence" srclang="ZH-CN"/>
  <body>
    <tu>
      <tuv lang="ZH-CN"><seg>坚持以人民为中心的发展思想。</seg></tuv>
      <tuv lang="EN-US"><seg>We will stay committed to a people-centered philosophy of development.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

# Trados Studio exports: mixed-case codes, x- props, inline codes in both segments, UTF-16.
TRADOS_TMX = """<?xml version="1.0" encoding="utf-16"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format"
          datatype="xml" segtype="sentence" adminlang="en-US" srclang="zh-CN" creationdate="20240301T080000Z"
          creationid="CORP\\translator">
    <prop type="x-Recognizers">RecognizeAll</prop>
  </header>
  <body>
    <tu creationdate="20240301T080000Z" creationid="CORP\\translator" changedate="20240302T090000Z"
        changeid="CORP\\reviewer" lastusagedate="20240302T090000Z" usagecount="3">
      <prop type="x-Client:SingleString">State Council</prop>
      <tuv xml:lang="zh-CN">
        <seg><bpt i="1" type="1" x="1">&lt;cf bold="True"&gt;</bpt>政府工作报告<ept i="1">&lt;/cf&gt;</ept><ph x="2" type="0"/>提出，今年发展主要预期目标是：国内生产总值增长<ph x="3">&lt;var/&gt;</ph>5%左右。</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>The <bpt i="1" type="1" x="1">&lt;cf bold="True"&gt;</bpt>Government Work Report<ept i="1">&lt;/cf&gt;</ept> sets the main projected target for this year: GDP growth of around <ph x="3">&lt;var/&gt;</ph>5%.</seg>
      </tuv>
    </tu>
    <tu creationdate="20240301T080000Z" changedate="20240301T080000Z">
      <tuv xml:lang="zh-CN"><seg>坚持<hi type="bold">稳中求进</hi>工作总基调。</seg></tuv>
      <tuv xml:lang="en-US"><seg>We will adhere to the general principle of <hi type="bold">pursuing progress while ensuring stability</hi>.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    if encoding == "utf-16":
        path.write_bytes(text.encode("utf-16"))  # with BOM, as Trados writes it
    else:
        path.write_text(text, encoding=encoding)
    return path


def test_omegat_export_reused_for_exact_matches(tmp_path):
    tm = load_tm([write(tmp_path, "project-level2.tmx", OMEGAT_TMX)])
    assert len(tm) == 2
    assert tm.exact("全面推进乡村振兴。") == "We will fully advance rural revitalization."
    # Half-width comma, stray blanks from a line wrap, trailing blank: still the same sentence.
    query = "  中国经济稳中向好,发展韧性\n持续显现。 "
    assert tm.exact(query) == "China's economy is stable and improving, and its resilience continues to show."
    result = tm_lookup(tm, query)
    assert (result.kind, result.score) == ("exact", 1.0)
    assert result.source == "中国经济稳中向好，发展韧性持续显现。"
    assert tm.files[0].srclang == "ZH-CN" and tm.files[0].used == 2


def test_omegat_level1_legacy_lang_attribute(tmp_path):
    tm = load_tm([write(tmp_path, "project-omegat.tmx", OMEGAT_LEVEL1_TMX)])
    assert tm.exact("坚持以人民为中心的发展思想。") == (
        "We will stay committed to a people-centered philosophy of development.")


def test_trados_export_with_inline_codes_utf16(tmp_path):
    tm = load_tm([write(tmp_path, "trados.tmx", TRADOS_TMX, encoding="utf-16")])
    units = {u.source: u for u in tm}
    source = "政府工作报告提出，今年发展主要预期目标是：国内生产总值增长5%左右。"
    assert source in units  # codes dropped, text kept, no leftover markup
    assert units[source].target == ("The Government Work Report sets the main projected target for this year: "
                                     "GDP growth of around 5%.")
    assert units[source].date == "20240302T090000Z"
    assert tm.exact(source).startswith("The Government Work Report")
    # <hi> is highlighted text, part of the sentence.
    assert tm.exact("坚持稳中求进工作总基调。") == (
        "We will adhere to the general principle of pursuing progress while ensuring stability.")


@pytest.mark.parametrize("code", ["zh", "zh-CN", "ZH-cn", "zh-Hans", "zh-Hans-CN", "zh-TW", "zh_CN", "cmn"])
def test_chinese_codes(code):
    assert language_family(code) == "zh"


@pytest.mark.parametrize("code,family", [("en", "en"), ("en-US", "en"), ("EN-GB", "en"), ("en_us", "en"),
                                         ("ja-JP", None), ("fr", None), ("", None), (None, None)])
def test_other_codes(code, family):
    assert language_family(code) == family


def _tmx(body: str, srclang: str = "zh-CN", extra_header: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            f'<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
            f'srclang="{srclang}" datatype="plaintext"{extra_header}/>\n<body>\n{body}\n</body>\n</tmx>\n')


def _tu(zh: str, en: str, zh_lang: str = "zh-CN", en_lang: str = "en-US", attrs: str = "") -> str:
    return (f'<tu{attrs}><tuv xml:lang="{zh_lang}"><seg>{zh}</seg></tuv>'
            f'<tuv xml:lang="{en_lang}"><seg>{en}</seg></tuv></tu>')


def test_language_variants_and_direction(tmp_path):
    body = "\n".join([
        _tu("一", "one", "zh-Hans", "en-GB"),
        _tu("二", "two", "zh-TW", "EN"),
        # An en→zh memory is as useful: the Chinese variant is the source whatever srclang says.
        '<tu srclang="en-US"><tuv xml:lang="en-US"><seg>three</seg></tuv><tuv xml:lang="zh"><seg>三</seg></tuv></tu>',
        # A third language is ignored, the pair still used.
        '<tu><tuv xml:lang="ja-JP"><seg>四つ</seg></tuv><tuv xml:lang="zh-CN"><seg>四</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>four</seg></tuv></tu>',
        # No English: skipped and counted.
        '<tu><tuv xml:lang="zh-CN"><seg>五</seg></tuv><tuv xml:lang="fr-FR"><seg>cinq</seg></tuv></tu>',
        # Empty target: never reused (OmegaT would insert an empty translation).
        _tu("六", ""),
    ])
    tm = load_tm([write(tmp_path, "m.tmx", _tmx(body))])
    assert {u.source: u.target for u in tm} == {"一": "one", "二": "two", "三": "three", "四": "four"}
    stats = tm.files[0]
    assert (stats.units, stats.used, stats.no_pair, stats.empty) == (6, 4, 1, 1)


def test_srclang_picks_among_chinese_variants(tmp_path):
    tu = ('<tu><tuv xml:lang="zh-TW"><seg>發展</seg></tuv><tuv xml:lang="zh-CN"><seg>发展</seg></tuv>'
          '<tuv xml:lang="en-US"><seg>development</seg></tuv></tu>')
    simplified = load_tm([write(tmp_path, "a.tmx", _tmx(tu, srclang="*all*"))])
    assert simplified.exact("发展") == "development" and simplified.exact("發展") is None
    traditional = load_tm([write(tmp_path, "b.tmx", _tmx(tu, srclang="ZH-tw"))])
    assert traditional.exact("發展") == "development"


def test_newer_unit_wins_then_later_file(tmp_path):
    old_new = "\n".join([
        _tu("改革开放", "reform and opening-up", attrs=' changedate="20240301T000000Z"'),
        _tu("改革开放", "reform and opening up (old)", attrs=' changedate="20200101T000000Z"'),
    ])
    tm = load_tm([write(tmp_path, "a.tmx", _tmx(old_new))])
    assert tm.exact("改革开放") == "reform and opening-up"
    assert tm.conflicts == 1
    later = write(tmp_path, "b.tmx", _tmx(_tu("改革开放", "reform and opening up")))
    assert load_tm([tmp_path / "a.tmx", later]).exact("改革开放") == "reform and opening up"  # undated: later file wins


def test_fuzzy_match_threshold(tmp_path):
    tm = load_tm([write(tmp_path, "m.tmx", OMEGAT_TMX)])
    near = "中国经济稳中向好，发展韧性不断显现。"  # two characters differ from the memory's source
    score, source, target = tm.fuzzy(near)
    assert 0.75 <= score < 1.0
    assert source == "中国经济稳中向好，发展韧性持续显现。"
    assert target.startswith("China's economy")
    result = tm_lookup(tm, near)
    assert result.kind == "fuzzy" and result.score == score and result.target == target
    assert tm_lookup(tm, near, fuzzy=False).kind is None  # exact only: no similarity search
    assert tm_lookup(tm, "全面推进乡村振兴。", fuzzy=False).kind == "exact"
    assert tm.fuzzy(near, threshold=0.99) is None
    assert tm_lookup(tm, near, threshold=0.99).kind is None
    assert tm_lookup(tm, "今天天气很好，我们去公园散步吧。").kind is None
    assert tm_lookup(tm, "   ").kind is None
    assert tm_lookup(None, near).kind is None


def test_fuzzy_prefers_the_closest_unit():
    tm = TranslationMemory([
        TMUnit("国务院常务会议研究部署稳就业工作。", "A: jobs", "x", 1),
        TMUnit("国务院常务会议研究部署稳外贸工作。", "B: trade", "x", 2),
    ])
    score, _, target = tm.fuzzy("国务院常务会议研究部署稳外资工作。")
    assert target == "B: trade"
    assert score == pytest.approx(1 - 2 / 34)  # one substitution = two Indel edits over 17+17 characters


def test_malformed_tmx_reports_file_and_line(tmp_path):
    broken = _tmx("\n".join([_tu("一", "one"), "<tu><tuv xml:lang=\"zh-CN\"><seg>二</seg></tuv>", _tu("三", "three")]))
    path = write(tmp_path, "broken.tmx", broken)
    with pytest.raises(FormatError) as err:
        load_tm([path])
    exc = err.value
    assert exc.path == str(path)
    body_end = broken.splitlines().index("</body>") + 1  # closes while the second <tu> is still open
    assert exc.line == body_end == 8
    assert str(exc).startswith(f"{path}:8: malformed TMX")
    assert "tu line 6" in str(exc)  # libxml2 also names where the unclosed element began
    assert exc.exit_code == 2


def test_truncated_and_invalid_character_tmx(tmp_path):
    truncated = write(tmp_path, "cut.tmx", _tmx(_tu("一", "one"))[:-40])
    with pytest.raises(FormatError, match=r"cut\.tmx:\d+: malformed TMX"):
        load_tm([truncated])
    control = write(tmp_path, "ctl.tmx", _tmx(_tu("一\x0b二", "one")))
    with pytest.raises(FormatError) as err:
        load_tm([control])
    assert err.value.line == 5  # the line holding the <tu>


def test_no_usable_pair_and_missing_file(tmp_path):
    ja_fr = _tmx(_tu("一つ", "un", "ja-JP", "fr-FR"), srclang="ja-JP")
    with pytest.raises(FormatError, match=r"no usable Chinese–English .*fr-FR, ja-JP"):
        load_tm([write(tmp_path, "jafr.tmx", ja_fr)])
    with pytest.raises(InputError, match="missing.tmx"):
        load_tm([tmp_path / "missing.tmx"])
    empty = load_tm([write(tmp_path, "empty.tmx", _tmx(""))])
    assert len(empty) == 0 and tm_lookup(empty, "一").kind is None


def test_gzipped_tmx(tmp_path):
    path = tmp_path / "m.tmx.gz"
    path.write_bytes(gzip.compress(OMEGAT_TMX.encode("utf-8")))
    assert len(load_tm([path])) == 2


def test_no_entity_expansion_or_external_fetch(tmp_path):
    # An external entity must not be read; lxml leaves it unresolved instead of fetching the file.
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    doc = (f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           + _tmx(_tu("一", "one &x;")).split("\n", 1)[1])
    # Issue 12: the reference was dropped without a word ("one "); now it is reported, unexpanded.
    with pytest.raises(FormatError, match=r"xxe\.tmx:\d+: entity reference &x; in <seg>") as info:
        load_tm([write(tmp_path, "xxe.tmx", doc)])
    assert "SECRET" not in str(info.value)


def test_keep_empty_for_line_parallel_reading(tmp_path):
    path = write(tmp_path, "m.tmx", _tmx("\n".join([_tu("一", "one"), _tu("二", ""), _tu("三", "three")])))
    assert [u.target for u in iter_tmx(path, keep_empty=True)] == ["one", "", "three"]
    assert [u.target for u in iter_tmx(path)] == ["one", "three"]


CJK = st.sampled_from(list("中国共产党全面推进乡村振兴发展经济人民政府工作报告"))
PUNCT = st.sampled_from([("，", ","), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")"), ("！", "!"), ("？", "?")])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(CJK, PUNCT), min_size=1, max_size=30), st.randoms())
def test_exact_lookup_ignores_width_and_spacing(pieces, rnd):
    full = "".join(p if isinstance(p, str) else p[0] for p in pieces)
    typed = "".join((p if isinstance(p, str) else rnd.choice(p)) + rnd.choice(["", "", " ", "\u3000", "\n"])
                    for p in pieces)
    tm = TranslationMemory([TMUnit(full, "EN", "x", 1)])
    assert match_key(typed) == match_key(full)
    assert match_key(match_key(typed)) == match_key(typed)
    assert tm.exact(typed) == "EN"
    assert tm_lookup(tm, typed).kind == "exact"
