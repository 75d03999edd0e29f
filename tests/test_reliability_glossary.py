"""Issue 7, glossaries: a malformed term file is an error naming file:line or a lint finding, never a traceback.

Every case runs through both commands a user would try: `bitext translate --glossary bad.tsv` and
`bitext glossary lint bad.tsv` (in-process, exceptions not caught, so a traceback fails the test);
one subprocess run checks the same end to end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
HEADER = "zh\ten\n"

# name → (file bytes, line the error names, words the message must contain)
BROKEN = {
    "too-many-columns.tsv": (HEADER + "全面从严治党\tstrict\t\t\t\t\textra\n", 2, "7 columns"),
    "one-column.tsv": (HEADER + "全面从严治党\tParty\n乡村振兴\n", 3, "1 column"),
    "empty-zh.tsv": (HEADER + "\tsome English\n", 2, "empty 'zh'"),
    "empty-en.tsv": (HEADER + "乡村振兴\t\n", 2, "empty 'en'"),
    "unknown-column.tsv": ("zh\ten\tcolour\n乡村振兴\trural revitalization\tred\n", 1, "unknown column 'colour'"),
    "gbk.tsv": ((HEADER + "全面从严治党\tfull and strict Party governance\n").encode("gbk"), 2, "UTF-8"),
    "binary.tsv": (b"zh\ten\n" + bytes(range(128, 256)) * 4, 2, "UTF-8"),
    "open-quote.csv": ('zh,en\n乡村振兴,rural revitalization\n"全面从严治党,Party\n', 3, "malformed CSV"),
    "truncated.tbx": ("<martif type='TBX'><text><body><termEntry><langSet xml:lang='zh'>", 1, "XML"),
}


def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text("全面从严治党，推进乡村振兴。\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", BROKEN)
def test_translate_stops_with_file_and_line(cli, tmp_path, source, name):
    content, line, words = BROKEN[name]
    bad = write(tmp_path, name, content)
    result = cli("translate", str(source), "-o", str(tmp_path / "out"), "--glossary", str(bad))
    assert result.exit_code == 2, result.output
    assert f"bitext: error: {bad}:{line}: " in result.stderr and words in result.stderr
    assert not (tmp_path / "out").exists()  # nothing translated with half a glossary


@pytest.mark.parametrize("name", BROKEN)
def test_lint_reports_file_and_line(cli, tmp_path, name):
    content, line, words = BROKEN[name]
    bad = write(tmp_path, name, content)
    result = cli("glossary", "lint", str(bad))
    assert result.exit_code == 1
    errors = [x for x in result.stdout.splitlines() if ": error: " in x]
    assert errors and errors[0].startswith(f"{bad}:{line}: error: ") and words in errors[0]


def test_duplicate_with_another_rendering(cli, tmp_path, source):
    dup = write(tmp_path, "dup.tsv", HEADER + "乡村振兴\trural revitalization\n乡村振兴\trural vitalisation\n")
    lint = cli("glossary", "lint", str(dup))
    assert lint.exit_code == 1
    assert f"{dup}:3: error: '乡村振兴' is rendered 'rural vitalisation' here but 'rural revitalization' on line 2" \
        in lint.stdout
    # translate accepts the file (the later entry wins, as with later files) — lint is where it is caught.
    result = cli("translate", str(source), "-o", str(tmp_path / "out"), "--format", "jsonl", "--glossary", str(dup),
                 "--no-builtin-glossary")
    assert result.exit_code == 0, result.output
    lookup = cli("glossary", "lookup", "乡村振兴", "--no-builtin-glossary", "--glossary", str(dup))
    assert "rural vitalisation" in lookup.stdout and f"{dup}:3" in lookup.stdout


@pytest.mark.parametrize("where", ["missing.tsv", "."])
def test_missing_glossary_or_a_folder(cli, tmp_path, source, where):
    path = tmp_path / where
    result = cli("translate", str(source), "-o", str(tmp_path / "out"), "--glossary", str(path))
    assert result.exit_code == 2 and str(path) in result.stderr
    assert cli("glossary", "lint", str(path)).exit_code == 1


def test_lint_warnings_do_not_fail(cli, tmp_path):
    ok = write(tmp_path, "warn.tsv", HEADER + "乡村振兴\trural revitalization\n乡村振兴\trural revitalization\n")
    result = cli("glossary", "lint", str(ok))
    assert result.exit_code == 0
    assert f"{ok}:3: warning: " in result.stdout


def test_end_to_end_no_traceback(tmp_path, cache_dir):
    """The real processes: several broken files in one lint call, and translate stopping on the first."""
    files = [write(tmp_path, name, BROKEN[name][0]) for name in ("gbk.tsv", "empty-zh.tsv", "open-quote.csv")]
    src = tmp_path / "doc.txt"
    src.write_text("乡村振兴。\n", encoding="utf-8")
    env = dict(os.environ, BITEXT_CACHE_DIR=str(cache_dir), HF_HUB_OFFLINE="1", COLUMNS="300")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=120)

    lint = run("glossary", "lint", *map(str, files))
    assert lint.returncode == 1 and "Traceback" not in lint.stderr
    for path in files:
        assert f"{path}:{BROKEN[path.name][1]}: error:" in lint.stdout
    translate = run("translate", str(src), "--glossary", str(files[0]), "--model", str(tmp_path / "no-model"),
                    "-o", str(tmp_path / "out"))
    # The glossary is checked before the model is looked for: exit 2 (input format), not 3 (model).
    assert translate.returncode == 2 and "Traceback" not in translate.stderr
    assert f"{files[0]}:2: not valid UTF-8" in translate.stderr
