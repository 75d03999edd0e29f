"""Issue 7, exit codes: one table, the same in bitext/core/errors.py, `bitext translate --help` and the README.

Each code is produced by a test: 0 and 1 in test_reliability_inputs.py, 2 in test_reliability_glossary.py
and test_cli_translate.py, 3 in test_reliability_model.py and test_cli_translate.py, 4 in
test_reliability_outputs.py, 130 in test_reliability_resume.py; the few left are here.
"""

from __future__ import annotations

import re
from pathlib import Path


from bitext.core import errors

ROOT = Path(__file__).resolve().parents[1]
CODES = {0: "all inputs done", 1: "some inputs failed", 2: "usage", 3: "model unavailable", 4: "output not writable",
         130: "interrupted"}


def test_constants_match_the_table():
    assert (errors.EXIT_OK, errors.EXIT_SOME_FAILED, errors.EXIT_USAGE, errors.EXIT_MODEL, errors.EXIT_OUTPUT) == \
        (0, 1, 2, 3, 4)
    assert errors.InputError.exit_code == 1 and errors.FormatError.exit_code == 2
    assert errors.ModelUnavailable.exit_code == 3 and errors.OutputError.exit_code == 4


def test_help_and_readme_list_every_code(cli):
    help_text = " ".join(cli("translate", "--help").stdout.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for code, words in CODES.items():
        assert re.search(rf"\b{code}\b[^0-9]*{words}", help_text, re.I), (code, help_text)
        assert re.search(rf"`{code}` {words}", readme, re.I), code


def test_missing_input_is_a_usage_error(cli, tmp_path):
    result = cli("translate", str(tmp_path / "nope.txt"), "-o", str(tmp_path))
    assert result.exit_code == 2 and "nope.txt" in result.stderr and "does not exist" in result.stderr


def test_folder_without_text_files_is_a_usage_error(cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "image.png").write_bytes(b"\x89PNG")
    result = cli("translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "no .txt or .md files" in result.stderr


def test_unknown_format_is_a_usage_error_before_any_work(cli, tmp_path):
    (tmp_path / "a.txt").write_text("党员干部深入基层。", encoding="utf-8")
    result = cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--format", "tmx,docx",
                 "--model", str(tmp_path / "no-model"))
    assert result.exit_code == 2 and "'docx'" in result.stderr  # the format is checked before the model
