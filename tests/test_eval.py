"""`bitext eval`: scores equal the sacrebleu command's, term scores, inputs and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bitext.core.errors import BitextError, InputError
from bitext.cli.eval import eval_command
from bitext.translate.evaluate import evaluate, pair_inputs, read_text_lines

# sacrebleu is a dependency: its own command line, run by this Python, is the reference.
SACREBLEU = [sys.executable, "-m", "sacrebleu"]

HYP = [
    "The Central Committee held a plenary session in Beijing.",
    "  Leading space, trailing blanks and a tab\t ",
    "",
    "GDP grew by 5.2% in 2023, according to the National Bureau of Statistics.",
    "He said: \u201cwe must uphold the leadership of the Party\u201d.",
    "A line with a separator\u2028that str.splitlines would break.",
    "Rural revitalization is advancing steadily.",
]
REF = [
    "The CPC Central Committee held its plenary session in Beijing.",
    "Leading space, trailing blanks and a tab",
    "An empty hypothesis here.",
    "China's GDP grew 5.2 percent in 2023, the National Bureau of Statistics said.",
    "He said: \u201cWe must uphold the Party's leadership.\u201d",
    "A line with a separator\u2028that splitlines would break.",
    "The rural revitalization strategy is advancing steadily.",
]
REF2 = [
    "A plenary session was held by the Central Committee in Beijing.",
    "",  # sacrebleu treats an empty reference as absent for that segment in multi-reference mode
    "Nothing.",
    "GDP rose by 5.2% in 2023, the statistics bureau said.",
    "He said we must uphold the Party's leadership.",
    "A line with a separator that splitlines would break.",
    "Rural revitalization advances steadily.",
]


def write_lines(path: Path, lines: list[str], newline: str = "\n") -> Path:
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return path


def cli_scores(refs: list[Path], hyp: Path) -> tuple[float, float]:
    """BLEU and chrF as the sacrebleu command prints them, at 4 decimals."""
    out = subprocess.run(
        [*SACREBLEU, *map(str, refs), "-i", str(hyp), "-m", "bleu", "chrf", "-b", "-w", "4"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    bleu, chrf = json.loads(out)
    return bleu, chrf


def cli_signatures(refs: list[Path], hyp: Path) -> list[str]:
    out = subprocess.run(
        [*SACREBLEU, *map(str, refs), "-i", str(hyp), "-m", "bleu", "chrf"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    return [m["signature"] for m in json.loads(out)]


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("eval")(eval_command)

    @app.command("noop")
    def noop() -> None:  # a second command keeps Typer from collapsing the app into `eval`
        pass

    return app


def run_eval(app, *args: str):
    return CliRunner().invoke(app, ["eval", *args])


def test_single_reference_equals_sacrebleu_cli(tmp_path):
    hyp = write_lines(tmp_path / "hyp.txt", HYP, newline="\r\n")  # CRLF: both strip the \r
    ref = write_lines(tmp_path / "ref.txt", REF)
    report = evaluate(pair_inputs(hyp, [ref]))
    bleu, chrf = cli_scores([ref], hyp)
    assert round(report.total.bleu, 4) == bleu
    assert round(report.total.chrf, 4) == chrf
    assert 0 < bleu < 100 and 0 < chrf < 100
    assert [report.bleu_signature, report.chrf_signature] == cli_signatures([ref], hyp)


def test_multi_reference_equals_sacrebleu_cli(tmp_path):
    hyp = write_lines(tmp_path / "hyp.txt", HYP)
    ref = write_lines(tmp_path / "ref.txt", REF)
    ref2 = write_lines(tmp_path / "ref2.txt", REF2)
    report = evaluate(pair_inputs(hyp, [ref, ref2]))
    bleu, chrf = cli_scores([ref, ref2], hyp)
    assert (round(report.total.bleu, 4), round(report.total.chrf, 4)) == (bleu, chrf)
    assert report.bleu_signature.startswith("nrefs:2|")
    single = evaluate(pair_inputs(hyp, [ref])).total.bleu
    assert report.total.bleu != single  # the second reference was really used


def test_bleu_detail_is_what_sacrebleu_prints_after_the_score(tmp_path):
    from sacrebleu.metrics import BLEU

    hyp, ref = ["The cat sat on the mat.", "It rained."], ["The cat sat on a mat.", "It was raining."]
    (score,) = evaluate(pair_inputs(write_lines(tmp_path / "h.txt", hyp), [write_lines(tmp_path / "r.txt", ref)])).documents
    printed = str(BLEU().corpus_score(hyp, [ref]))
    assert printed == f"BLEU = {score.bleu:.2f} {score.bleu_detail}"
    assert "BP =" in score.bleu_detail and not score.bleu_detail.startswith(("BLEU", "="))


def test_unreadable_input_is_named_in_words(tmp_path):
    with pytest.raises(InputError) as caught:
        read_text_lines(tmp_path)
    assert "cannot read: Is a directory" in str(caught.value) and "Errno" not in str(caught.value)


def test_reading_matches_sacrebleu_not_splitlines(tmp_path):
    hyp = write_lines(tmp_path / "h.txt", HYP)
    lines = read_text_lines(hyp)
    assert len(lines) == len(HYP)
    assert lines[1] == "  Leading space, trailing blanks and a tab"  # left kept, right stripped
    assert "\u2028" in lines[5]


def test_directories_pair_by_name_per_document_and_total(tmp_path, app):
    hyp_dir, ref_dir = tmp_path / "hyp", tmp_path / "ref"
    hyp_dir.mkdir()
    ref_dir.mkdir()
    write_lines(hyp_dir / "a.en.txt", HYP[:4])
    write_lines(hyp_dir / "b.en.txt", HYP[4:])
    write_lines(ref_dir / "a.txt", REF[:4])  # paired by the name before the first dot
    write_lines(ref_dir / "b.txt", REF[4:])
    result = run_eval(app, "--hyp", str(hyp_dir), "--ref", str(ref_dir), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    docs = {d["name"]: d for d in data["documents"]}
    assert set(docs) == {"a.en.txt", "b.en.txt"}
    assert (round(docs["a.en.txt"]["bleu"], 4), round(docs["a.en.txt"]["chrf"], 4)) == cli_scores(
        [ref_dir / "a.txt"], hyp_dir / "a.en.txt")
    assert (round(docs["b.en.txt"]["bleu"], 4), round(docs["b.en.txt"]["chrf"], 4)) == cli_scores(
        [ref_dir / "b.txt"], hyp_dir / "b.en.txt")
    # The total is a corpus score over all lines, which is what sacrebleu gives on the concatenation.
    all_h = write_lines(tmp_path / "all_h.txt", HYP)
    all_r = write_lines(tmp_path / "all_r.txt", REF)
    total = data["total"]
    assert (round(total["bleu"], 4), round(total["chrf"], 4)) == cli_scores([all_r], all_h)
    assert total["segments"] == len(HYP)


def test_line_count_mismatch_names_files_and_counts(tmp_path, app):
    hyp = write_lines(tmp_path / "hyp.txt", HYP)
    ref = write_lines(tmp_path / "short.txt", REF[:5])
    with pytest.raises(BitextError) as err:
        pair_inputs(hyp, [ref])
    message = str(err.value)
    assert "hyp.txt has 7 lines" in message and "short.txt has 5 lines" in message
    one = write_lines(tmp_path / "one.txt", REF[:1])
    with pytest.raises(BitextError, match="one.txt has 1 line;"):
        pair_inputs(hyp, [one])
    result = run_eval(app, "--hyp", str(hyp), "--ref", str(ref))
    assert result.exit_code == 2
    assert "short.txt has 5" in result.output and "Traceback" not in result.output


def test_missing_reference_document_and_missing_file(tmp_path):
    hyp_dir, ref_dir = tmp_path / "hyp", tmp_path / "ref"
    hyp_dir.mkdir()
    ref_dir.mkdir()
    write_lines(hyp_dir / "a.txt", ["x"])
    write_lines(hyp_dir / "b.txt", ["y"])
    write_lines(ref_dir / "a.txt", ["x"])
    with pytest.raises(InputError, match="no reference file for b.txt"):
        pair_inputs(hyp_dir, [ref_dir])
    with pytest.raises(InputError, match="no such file"):
        pair_inputs(tmp_path / "nope.txt", [ref_dir / "a.txt"])
    with pytest.raises(BitextError, match="must be directories too"):
        pair_inputs(hyp_dir, [ref_dir / "a.txt"])
    write_lines(ref_dir / "b.txt", ["y"])
    (hyp_dir / "a.html").write_text("<p>x</p>", encoding="utf-8")  # bitext's HTML beside: ignored
    assert [d.name for d in pair_inputs(hyp_dir, [ref_dir])] == ["a.txt", "b.txt"]
    write_lines(hyp_dir / "a.en.txt", ["x"])  # two outputs of one document: ambiguous, not double-counted
    with pytest.raises(InputError, match="a.en.txt and a.txt both pair with a.txt"):
        pair_inputs(hyp_dir, [ref_dir])


def test_non_utf8_input_is_a_clear_error(tmp_path, app):
    hyp = tmp_path / "gbk.txt"
    hyp.write_bytes("中国共产党\n".encode("gbk"))
    ref = write_lines(tmp_path / "ref.txt", ["x"])
    result = run_eval(app, "--hyp", str(hyp), "--ref", str(ref))
    assert result.exit_code != 0
    assert "gbk.txt" in result.output and "UTF-8" in result.output


def test_table_output_shows_scores_and_signatures(tmp_path, app):
    hyp = write_lines(tmp_path / "hyp.txt", HYP)
    ref = write_lines(tmp_path / "ref.txt", REF)
    result = run_eval(app, "--hyp", str(hyp), "--ref", str(ref))
    assert result.exit_code == 0, result.output
    bleu, chrf = cli_scores([ref], hyp)
    assert f"{bleu:.1f}" in result.output and f"{chrf:.1f}" in result.output
    assert "tok:13a" in result.output and "nc:6" in result.output
