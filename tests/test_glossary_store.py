"""The merged glossary: override order, lookup, version hash, and the built-in term base."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bitext.glossary.store import BUILTIN_FILE, Glossary, content_hash, load_glossary
from bitext.core.terms import Term, Variant
from bitext.core.errors import FormatError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.tsv"
    a.write_text("zh\ten\tvariants\n党支部\tParty branch\n党小组\tParty group\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("党小组,Party team\n主题党日,themed Party day\n", encoding="utf-8")
    return a, b


def test_later_file_overrides_entry_by_entry(files):
    a, b = files
    g = load_glossary([a, b], builtin=False)
    assert [t.zh for t in g.terms] == ["党支部", "党小组", "主题党日"]  # first position kept
    assert g.lookup("党小组").en == "Party team"  # last definition wins
    assert g.lookup("党支部").origin == str(a)
    g2 = load_glossary([b, a], builtin=False)
    assert g2.lookup("党小组").en == "Party group"
    assert g.info.files == (str(a), str(b)) and g.info.entries == 3


def test_lookup_meets_a_term_printed_with_or_without_quotation_marks():
    g = Glossary([Term("一带一路", "Belt and Road"), Term("共建“一带一路”", "Belt and Road cooperation"),
                  Term("“放管服”改革", "reforms to streamline administration"), Term("放管服", "streamline administration")])
    assert g.lookup("“一带一路”").en == "Belt and Road"  # not the longer entry that contains it quoted
    assert g.lookup(" 共建一带一路 ").en == "Belt and Road cooperation"
    assert g.lookup("放管服改革").en == "reforms to streamline administration"
    assert g.lookup("放管服").en == "streamline administration"  # an exact entry wins over a bare one
    assert g.lookup("一带") is None
    assert [t.zh for t in g.search("“放管")] == ["“放管服”改革", "放管服"]  # part of a term, quoted or not


def test_version_changes_with_renderings_not_with_notes():
    base = [Term("党支部", "Party branch"), Term("党小组", "Party group")]
    v = Glossary(base).info.version
    assert Glossary(list(reversed(base))).info.version == v  # order does not matter
    assert Glossary([Term("党支部", "Party branch", note="new note", category="party-state-body"),
                     base[1]]).info.version == v
    assert Glossary([Term("党支部", "Party branches"), base[1]]).info.version != v
    assert Glossary([Term("党支部", "Party branch", ("branch",)), base[1]]).info.version != v
    # An avoid-list changes enforcement; the year and source of a variant do not.
    assert Glossary([Term("党支部", "Party branch", avoid=("Party cell",)), base[1]]).info.version != v
    dated = Glossary([Term("党支部", "Party branch", (Variant("branch", 2017, "GWR 2017"),)), base[1]]).info.version
    assert dated == Glossary([Term("党支部", "Party branch", ("branch",)), base[1]]).info.version
    assert Glossary(base[:1]).info.version != v
    assert content_hash(base) in v


def test_search_exact_zh_or_english_substring(files):
    g = load_glossary(files, builtin=False)
    assert [t.zh for t in g.search("党小组")] == ["党小组"]
    assert [t.zh for t in g.search("party")] == ["党支部", "党小组", "主题党日"]
    assert [t.zh for t in g.search("  THEMED  party ")] == ["主题党日"]
    assert g.search("nothing like this") == []


def test_bad_user_file_is_never_half_loaded(files, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("党支部\tParty branch\n党小组\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_glossary([files[0], bad], builtin=False)
    assert f"{bad}:2:" in str(info.value)


def test_builtin_loads_fast_and_is_sizeable():
    load_glossary()  # warm the file cache

    def plain_read():  # the least any loader does: split the file into fields and the lists into items
        with BUILTIN_FILE.open(encoding="utf-8", newline="") as handle:
            return [[field.strip() for field in row] + [field.split(";") for field in row[2:4]]
                    for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]

    # CPU time, best of three, against a plain read of the same file: machines differ threefold in speed
    # (0.08 s to 0.2 s for the 7,800 entries of 2026.12.5), the ratio does not (about 3).
    ratios = []
    for _ in range(3):
        start = time.process_time()
        plain_read()
        plain = time.process_time() - start
        start = time.process_time()
        g = load_glossary()
        ratios.append((time.process_time() - start) / max(plain, 1e-3))
    assert min(ratios) < 8, ratios
    assert len(g) >= 7000
    assert g.info.version.split("+")[0] == (BUILTIN_FILE.parent / "VERSION").read_text().strip()
    assert g.lookup("四个意识") is not None


def test_builtin_load_does_not_import_torch():
    code = ("import sys; from bitext.glossary.store import load_glossary; g = load_glossary(); g.find('四个意识');"
            "bad = [m for m in ('torch', 'transformers', 'ctranslate2', 'lxml') if m in sys.modules];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_user_files_merge_over_builtin(files, monkeypatch, tmp_path):
    builtin = tmp_path / "terms.tsv"
    builtin.write_text("zh\ten\n党支部\tParty cell\n四个意识\tfour consciousnesses\n", encoding="utf-8")
    monkeypatch.setattr("bitext.glossary.store.BUILTIN_FILE", builtin)
    g = load_glossary(files)
    assert g.lookup("党支部").en == "Party branch" and g.lookup("四个意识") is not None
    assert len(load_glossary(files, builtin=False)) == 3


def test_lookup_ignores_widths_and_dash_forms():
    g = Glossary([Term("中国（上海）自由贸易试验区", "China (Shanghai) Pilot Free Trade Zone"),
                  Term("中国－东盟自由贸易区", "China-ASEAN Free Trade Area")])
    assert g.lookup("中国(上海)自由贸易试验区").en == "China (Shanghai) Pilot Free Trade Zone"
    assert g.lookup("中国—东盟自由贸易区").en == g.lookup("中国-东盟自由贸易区").en == "China-ASEAN Free Trade Area"


# Two-character entries are the built-in base's riskiest: the matcher has no word boundaries, so one
# that two neighbouring words spell would be flagged and enforced in unrelated text. Each phrase below
# spells a short word that stays out for that reason (glossary/data/README.md, 2026.12.58–59); no term may
# be found across the two words.
@pytest.fixture(scope="module")
def builtin():
    return load_glossary()


@pytest.mark.parametrize("text, boundary", [
    ("依法从严打击犯罪", 4),          # 严打
    ("提高考核评价的科学性", 2),      # 高考
    ("基本要求是全面协调可持续", 4),  # 求是
    ("其中将有一半用于农村", 2),      # 中将
    ("全中国庆祝新中国成立", 3),      # 国庆
    ("中国歌剧走向世界", 2),          # 国歌
    ("召开安全会议", 4),              # 全会
    ("国内地区生产总值", 2),          # 内地
    ("反对南海军事化", 4),            # 海军
    ("签署合作协议", 4),              # 作协
    ("平台联合发布", 2),              # 台联
    ("学习行政法律知识", 4),          # 政法
    ("中央行政事业单位", 2),          # 央行
    ("农民企业家座谈会", 2),          # 民企
    ("提高职业技能", 2),              # 高职
    ("加强军队党的建设", 2),          # 强军
    ("江苏超额完成任务", 2),          # 苏超
    ("生猪年出栏量", 2),              # 猪年
])
def test_no_builtin_term_spans_a_boundary_between_two_ordinary_words(builtin, text, boundary):
    hits = builtin.find(text)
    assert not [h for h in hits if h.start < boundary < h.end and h.end - h.start <= 3], hits
