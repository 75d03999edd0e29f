"""`bitext glossary list|lookup|lint|export`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bitext.cli.glossary import app

ROOT = Path(__file__).resolve().parents[1]
USER = ("zh\ten\tvariants\tcategory\tnote\tsource\n"
        "党支部\tParty branch\tParty cell\tparty-state-body\t\tCPC\n"
        "乡村振兴\trural revitalization\t\tpolicy-campaign\t\tGWR 2021\n")


@pytest.fixture
def user(tmp_path) -> Path:
    path = tmp_path / "user.tsv"
    path.write_text(USER, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_list_and_category_filter(user):
    result = run("list", "--no-builtin-glossary", "--glossary", user)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["党支部\tParty branch\tparty-state-body",
                                          "乡村振兴\trural revitalization\tpolicy-campaign"]
    result = run("list", "-c", "policy-campaign", "--no-builtin-glossary", "-g", user)
    assert result.stdout.splitlines() == ["乡村振兴\trural revitalization\tpolicy-campaign"]
    assert run("list", "-c", "nonsense", "--no-builtin-glossary", "-g", user).exit_code == 2


def test_lookup_zh_and_english(user):
    result = run("lookup", "党支部", "--no-builtin-glossary", "--glossary", user)
    assert result.exit_code == 0
    assert "Party branch" in result.stdout and "Party cell" in result.stdout and f"{user}:2" in result.stdout
    result = run("lookup", "REVITAL", "--no-builtin-glossary", "--glossary", user)
    assert result.exit_code == 0 and result.stdout.startswith("乡村振兴")
    result = run("lookup", "不存在", "--no-builtin-glossary", "--glossary", user)
    assert result.exit_code == 1 and "no entry" in result.stderr


def test_malformed_glossary_is_a_clean_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("zh,en\n党支部\n", encoding="utf-8")
    result = run("list", "--no-builtin-glossary", "--glossary", bad)
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.output


def test_lint_exit_codes(user, tmp_path):
    result = run("lint", user)
    assert result.exit_code == 0 and "0 error(s)" in result.stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text(USER + "党支部\tParty unit\n", encoding="utf-8")
    result = run("lint", user, bad)
    assert result.exit_code == 1
    assert f"{bad}:4: error:" in result.stdout
    assert "overrides" not in result.stdout  # info-level findings only with --info
    assert "overrides" in run("lint", "--info", user, bad).stdout


@pytest.mark.parametrize("fmt", ["tsv", "csv", "tbx"])
def test_export_formats_read_back(user, tmp_path, fmt):
    from bitext.glossary import formats

    out = tmp_path / f"out.{fmt}"
    result = run("export", "-f", fmt, "-o", out, "--full", "--no-builtin-glossary", "-g", user)
    assert result.exit_code == 0, result.output
    back = formats.read(out)
    assert [(t.zh, t.en, t.variant_texts, t.category) for t in back] == [
        ("党支部", "Party branch", ("Party cell",), "party-state-body"),
        ("乡村振兴", "rural revitalization", (), "policy-campaign")]


def test_export_tsv_to_stdout_is_three_columns(user):
    result = run("export", "-f", "tsv", "--no-builtin-glossary", "-g", user)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["zh\ten\tvariants", "党支部\tParty branch\tParty cell",
                                          "乡村振兴\trural revitalization\t"]
    assert run("export", "-f", "xlsx", "--no-builtin-glossary", "-g", user).exit_code == 2


def test_builtin_lint_clean_and_lookup():
    assert run("lint").exit_code == 0
    result = run("lookup", "四个意识")
    assert result.exit_code == 0 and "political integrity" in result.stdout


@pytest.mark.parametrize("entry", [["-m", "bitext.cli.glossary"], ["-m", "bitext", "glossary"]])
def test_lookup_does_not_import_torch(entry):
    result = subprocess.run([sys.executable, "-X", "importtime", *entry, "lookup", "四个意识"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert not imported & {"torch", "transformers", "ctranslate2", "sentencepiece"}
    assert "political integrity" in result.stdout


def test_lookup_shows_provenance_dated_variants_and_avoid(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("zh\ten\tvariants\tavoid\tsource\n"
                    "一带一路\tBelt and Road\tBRI;Silk Road Initiative|2016|GWR 2016\tOBOR\tNDRC (2015)\n"
                    "集美街道\tJimei Subdistrict\t\t\tno official rendering; project choice: pinyin\n"
                    "党小组\tParty group\n", encoding="utf-8")
    out = run("lookup", "一带一路", "--no-builtin-glossary", "-g", path).stdout
    assert "Belt and Road  (official rendering)" in out
    assert "Silk Road Initiative  (2016, GWR 2016)" in out and "avoid:    OBOR" in out
    out = run("lookup", "集美街道", "--no-builtin-glossary", "-g", path).stdout
    assert "official rendering" not in out.replace("no official rendering", "")
    assert "project rendering; no official rendering exists" in out
    assert "no source given" in run("lookup", "党小组", "--no-builtin-glossary", "-g", path).stdout
