"""Glossary lint: each finding with file:line and severity."""

from __future__ import annotations

import pytest

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
