"""Glossary lint: each finding with file:line and severity."""

from __future__ import annotations


from bitext.glossary.lint import lint_files
from bitext.glossary.store import BUILTIN_FILE

CONTENT = (
    "zh\ten\tvariants\tcategory\tnote\tsource\n"
    "党支部\tParty branch\t\tparty-state-body\t\tCPC\n"              # 2 fine
    "党支部\tParty branch\t\tparty-state-body\t\tCPC\n"              # 3 duplicate of 2
    "党小组\tParty group\t\tparty-state-body\t\tCPC\n"               # 4
    "党小组\tParty team\t\tparty-state-body\t\tCPC\n"                # 5 conflicts with 4
    "\tParty committee\t\tparty-state-body\t\tCPC\n"                 # 6 empty zh
    "主题党日\t\t\tother\t\tCPC\n"                                    # 7 empty en
    "CPC\tCommunist Party of China\t\tparty-state-body\t\tCPC\n"     # 8 zh not Chinese
    "基层党支部\tprimary-level Party branch\t\tparty-state-body\t\tCPC\n"  # 9 contains 党支部
    "四风\tfour forms of decadence\tfour forms of decadence\tslogans\t\t\n"  # 10 repeat, category, no source
    "三会一课\t三会一课 system\t\tother\t\tCPC\n"                     # 11 Chinese in en
)


def by_code(findings):
    return {(f.code, f.line): f.severity for f in findings}


def test_findings_with_file_line_and_severity(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(CONTENT, encoding="utf-8")
    findings = lint_files([path])
    got = by_code(findings)
    assert got[("duplicate", 3)] == "warning"
    assert got[("conflict", 5)] == "error"
    assert got[("empty-zh", 6)] == "error"
    assert got[("empty-en", 7)] == "error"
    assert got[("zh-not-chinese", 8)] == "error"
    assert got[("contains-term", 9)] == "info"
    assert got[("repeated-rendering", 10)] == "warning"
    assert got[("unknown-category", 10)] == "warning"
    assert got[("no-source", 10)] == "info"
    assert got[("en-has-chinese", 11)] == "warning"
    assert all(f.path == str(path) for f in findings)
    conflict = next(f for f in findings if f.code == "conflict")
    assert str(conflict).startswith(f"{path}:5: error: ") and "line 4" in str(conflict)
    assert not any(f.line == 2 for f in findings)  # the clean entry has no finding


def test_one_term_printed_twice_is_a_warning(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("zh\ten\tvariants\tcategory\tnote\tsource\n"
                    "“放管服”改革\treforms to streamline administration\t\tpolicy-campaign\t\tGWR 2019\n"
                    "放管服改革\treform to streamline administration\t\tpolicy-campaign\t\tGWR 2016\n"
                    "中国（上海）自由贸易试验区\tChina (Shanghai) Pilot Free Trade Zone\t\tplace\t\tSCIO\n"
                    "中国(上海)自由贸易试验区\tChina (Shanghai) Pilot Free Trade Zone\t\tplace\t\tSCIO\n"
                    "放管服\tstreamline administration\t\tpolicy-campaign\t\tGWR 2019\n", encoding="utf-8")
    got = by_code(lint_files([path]))
    assert got[("printing-duplicate", 3)] == got[("printing-duplicate", 5)] == "warning"
    assert not any(code == "printing-duplicate" and line in (2, 4, 6) for code, line in got)


def test_one_work_with_and_without_title_marks_is_a_warning_but_a_work_named_after_a_phrase_is_not(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("zh\ten\tvariants\tcategory\tnote\tsource\n"
                    "巴黎协定\tParis Agreement\t\tother\t\tGWR 2018\n"
                    "《巴黎协定》\tthe Paris Agreement\t\tother\t\tMFA 2024\n"
                    "《习近平谈治国理政》第三卷\tXi Jinping: The Governance of China III\t\tother\t\tFLP 2020\n"
                    "习近平谈治国理政第三卷\tthird volume of Xi Jinping: The Governance of China\t\tother\t\tXinhua 2020\n"
                    "零容忍\tzero tolerance\t\tslogan-theory\t\tCPC 2022\n"
                    "《零容忍》\tZero Tolerance\t\tother\t\tXinhua 2022\n"
                    "《永远在路上》\tAlways on the Road\t\tother\t\tChina Daily 2016\n"
                    "永远在路上\ta never-ending journey\t\tslogan-theory\t\tQiushi\n"
                    "《十四五规划纲要》\tthe 14th Five-Year Plan Outline\t\tother\t\tXinhua 2021\n"
                    "十四五规划纲要\tthe 14th Five-Year Plan Outline\t\tother\t\tXinhua 2021\n", encoding="utf-8")
    got = by_code(lint_files([path]))
    twins = sorted(line for code, line in got if code == "title-twin")
    assert twins == [3, 5, 11]
    assert got[("title-twin", 3)] == "warning"


def test_unreadable_file_is_an_error_finding(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_bytes("党支部\tParty branch\n".encode() + "党小组\tParty group\n".encode("gbk"))
    (finding,) = lint_files([path])
    assert (finding.severity, finding.code, finding.line) == ("error", "unreadable", 2)


def test_override_across_files_is_info(tmp_path):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("党支部\tParty branch\t\tother\t\tx\n", encoding="utf-8")
    b.write_text("党支部\tParty cell\t\tother\t\tx\n", encoding="utf-8")
    findings = lint_files([a, b])
    assert [(f.path, f.code, f.severity) for f in findings] == [(str(b), "overrides", "info")]


def test_builtin_term_base_is_clean():
    problems = [str(f) for f in lint_files([BUILTIN_FILE]) if f.severity != "info"]
    assert problems == []


NEW_COLUMNS = (
    "zh\ten\tvariants\tavoid\tcategory\tnote\tsource\n"
    "一带一路\tBelt and Road\tBRI|2016|GWR 2016;B&R|15|GWR;OBOR|2016|;BR||Xinhua\tOne Belt One Road;OBOR;one belt, one road\t"
    "policy-campaign\t\tNDRC (2015)\n"                                                                # 2
    "依法治国\tlaw-based governance\trule of law\tthe rule of law;Belt and Road\tslogan-theory\t\tCPC (2022)\n"  # 3
    "人类命运共同体\tglobal community of shared future\thuman community with a shared future|2024|SCIO\t\t"
    "slogan-theory\t\tCPC (2022)\n"                                                                   # 4
    "集美街道\tJimei Subdistrict\t\t\tplace\t\tno official rendering; project choice: pinyin\n"         # 5
    "雄安新区\tXiong'an New Area\t\t\tplace\t\tCPC (2022)\n"                                            # 6
)


def test_new_columns_are_checked(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(NEW_COLUMNS, encoding="utf-8")
    got = by_code(lint_files([path]))
    assert got[("variant-year", 2)] == "error"  # B&R|15|GWR
    assert got[("variant-no-source", 2)] == "error"  # OBOR|2016|
    assert got[("variant-no-year", 2)] == "warning"  # BR||Xinhua
    assert got[("avoid-own-rendering", 2)] == "error"  # OBOR is listed as a variant too
    assert got[("repeated-avoid", 2)] == "warning"  # "one belt, one road" after "One Belt One Road"
    assert got[("avoid-own-rendering", 3)] == "error"  # "the rule of law" is the variant "rule of law"
    assert got[("avoid-clash", 3)] == "error"  # another entry's rendering
    assert got[("variant-newer-than-en", 4)] == "warning"  # 2024 variant, en sourced 2022
    assert got[("plain-place-name", 5)] == "info"
    assert ("plain-place-name", 6) not in got  # a named zone is a term
    clash = next(f for f in lint_files([path]) if f.code == "avoid-clash")
    assert "'Belt and Road'" in clash.message and "一带一路" in clash.message


def test_avoid_clash_across_files(tmp_path):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("zh\ten\n党支部\tParty branch\n", encoding="utf-8")
    b.write_text("zh\ten\tavoid\n党小组\tParty group\tparty branches\n", encoding="utf-8")
    (finding,) = [f for f in lint_files([a, b]) if f.code == "avoid-clash"]
    assert (finding.path, finding.line, finding.severity) == (str(b), 2, "error")
    assert f"{a}:2" in finding.message
