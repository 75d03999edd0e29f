"""`bitext eval` term scores and bitext's own JSONL/TMX outputs as inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from test_eval import cli_scores, write_lines
from bitext.core.errors import FormatError
from bitext.cli.eval import eval_command
from bitext.translate.evaluate import evaluate, pair_inputs


GLOSSARY = (
    "zh\ten\tvariants\n"
    "乡村振兴\trural revitalization\trural vitalization\n"
    "国家统计局\tNational Bureau of Statistics\n"
    "全面从严治党\texercise full and rigorous self-governance over the Party\n"
)
SRC = [
    "乡村振兴稳步推进。",
    "国家统计局表示，乡村振兴取得新进展。",
    "今天天气很好。",
    "要全面从严治党。",
]
HYP = [
    "Rural revitalization is advancing steadily.",
    "The statistics bureau said rural vitalization made new progress.",  # one of two terms realised
    "The weather is nice today.",
    "We must exercise full and rigorous self-governance over the Party.",
]
REF = [
    "Rural revitalization is progressing steadily.",
    "The National Bureau of Statistics said rural revitalization made new progress.",
    "It is a fine day today.",
    "We must exercise full and rigorous self-governance over the Party.",
]
# 4 occurrences, 3 realised; 3 segments contain terms, 2 of them have all terms realised.
EXPECTED = {"occurrences": 4, "matched": 3, "segments_with_terms": 3, "segments_all_satisfied": 2}


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("noop")(lambda: None)
    return app


@pytest.fixture
def glossary_file(tmp_path) -> Path:
    path = tmp_path / "user.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def _terms(data: dict) -> dict:
    return {k: data["total"]["terms"][k] for k in EXPECTED}


def test_term_scores_with_user_glossary(tmp_path, app, glossary_file):
    hyp = write_lines(tmp_path / "hyp.txt", HYP)
    ref = write_lines(tmp_path / "ref.txt", REF)
    src = write_lines(tmp_path / "src.txt", SRC)
    result = CliRunner().invoke(app, ["eval", "--hyp", str(hyp), "--ref", str(ref), "--src", str(src),
                                      "--glossary", str(glossary_file), "--no-builtin-glossary", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert _terms(data) == EXPECTED
    assert data["total"]["terms"]["success_rate"] == pytest.approx(0.75)
    assert data["total"]["terms"]["all_satisfied_rate"] == pytest.approx(2 / 3)
    assert data["glossary"]["entries"] == 3
    assert (round(data["total"]["bleu"], 4), round(data["total"]["chrf"], 4)) == cli_scores([ref], hyp)

    table = CliRunner().invoke(app, ["eval", "--hyp", str(hyp), "--ref", str(ref), "--src", str(src),
                                     "--glossary", str(glossary_file), "--no-builtin-glossary"])
    assert table.exit_code == 0, table.output
    assert "75.0% (3/4)" in table.output and "66.7% (2/3)" in table.output


def test_glossary_without_source_is_a_usage_error(tmp_path, app, glossary_file):
    hyp = write_lines(tmp_path / "hyp.txt", HYP)
    ref = write_lines(tmp_path / "ref.txt", REF)
    result = CliRunner().invoke(app, ["eval", "--hyp", str(hyp), "--ref", str(ref),
                                      "--glossary", str(glossary_file)])
    assert result.exit_code == 2
    assert "--src" in result.output


def test_per_document_term_scores_add_up(tmp_path, glossary_file):
    from bitext.glossary.store import load_glossary

    dirs = {name: tmp_path / name for name in ("hyp", "ref", "src")}
    for d in dirs.values():
        d.mkdir()
    for name, lines in (("hyp", HYP), ("ref", REF), ("src", SRC)):
        write_lines(dirs[name] / "one.txt", lines[:2])
        write_lines(dirs[name] / "two.txt", lines[2:])
    report = evaluate(pair_inputs(dirs["hyp"], [dirs["ref"]], dirs["src"]),
                      load_glossary([glossary_file], builtin=False))
    one, two = report.documents
    assert (one.terms.occurrences, one.terms.matched) == (3, 2)
    assert (two.terms.occurrences, two.terms.matched) == (1, 1)
    assert report.total.terms.occurrences == 4 and report.total.terms.matched == 3
    # every count of the total is the sum of the documents' (the WMT entry unit too)
    assert report.total.terms == one.terms + two.terms
    assert report.total.terms.entries == one.terms.entries + two.terms.entries > 0
    assert report.total.terms.entry_rate == report.total.terms.entries_matched / report.total.terms.entries


def test_rates_of_nothing_are_none():
    from bitext.translate.evaluate import TermSummary

    none = TermSummary(0, 0, 0, 0, 0, 0)
    assert (none.success_rate, none.entry_rate, none.all_satisfied_rate) == (None, None, None)
    some = TermSummary(4, 3, 2, 1, 2, 1)
    assert (some.success_rate, some.entry_rate, some.all_satisfied_rate) == (0.75, 0.5, 0.5)


def _jsonl_record(i: int, source: str, target: str | None) -> str:
    # The shape bitext/writers/jsonl.py writes (fields trimmed to what eval reads plus a few others).
    return json.dumps({"document": "doc", "paragraph": i, "bead": 0, "origin": "mt",
                       "source": source, "target": target, "flags": []}, ensure_ascii=False)


def test_bitext_jsonl_output_carries_its_own_source(tmp_path, app, glossary_file):
    lines = [_jsonl_record(i, s, h) for i, (s, h) in enumerate(zip(SRC, HYP))]
    lines.insert(2, _jsonl_record(9, "人民日报", None))  # untranslated furniture: skipped
    hyp = tmp_path / "doc.jsonl"
    hyp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ref = write_lines(tmp_path / "ref.txt", REF)
    result = CliRunner().invoke(app, ["eval", "--hyp", str(hyp), "--ref", str(ref),
                                      "--glossary", str(glossary_file), "--no-builtin-glossary", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert _terms(data) == EXPECTED
    plain = write_lines(tmp_path / "plain.txt", HYP)
    assert (round(data["total"]["bleu"], 4), round(data["total"]["chrf"], 4)) == cli_scores([ref], plain)


def test_bitext_tmx_output_as_hypothesis(tmp_path, glossary_file):
    from bitext.glossary.store import load_glossary

    tus = "\n".join(
        f'<tu tuid="p{i}"><prop type="x-origin">mt</prop>'
        f'<tuv xml:lang="zh-CN"><seg>{s}</seg></tuv><tuv xml:lang="en-US"><seg>{h}</seg></tuv></tu>'
        for i, (s, h) in enumerate(zip(SRC, HYP))
    )
    tmx = tmp_path / "doc.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bitext" '
        'creationtoolversion="0.1.0" segtype="sentence" o-tmf="bitext" adminlang="en-US" '
        f'srclang="zh-CN" datatype="plaintext"/><body>\n{tus}\n</body></tmx>\n', encoding="utf-8")
    ref = write_lines(tmp_path / "ref.txt", REF)
    report = evaluate(pair_inputs(tmx, [ref]), load_glossary([glossary_file], builtin=False))
    plain = write_lines(tmp_path / "plain.txt", HYP)
    assert (round(report.total.bleu, 4), round(report.total.chrf, 4)) == cli_scores([ref], plain)
    assert report.total.terms.occurrences == 4 and report.total.terms.matched == 3
    # A TMX given as --src supplies its Chinese side.
    assert pair_inputs(write_lines(tmp_path / "h.txt", HYP), [ref], tmx)[0].src.lines == SRC


def test_malformed_jsonl_names_line(tmp_path):
    hyp = tmp_path / "bad.jsonl"
    hyp.write_text(_jsonl_record(0, "a", "b") + "\n{not json\n", encoding="utf-8")
    ref = write_lines(tmp_path / "ref.txt", ["b"])
    with pytest.raises(FormatError) as err:
        pair_inputs(hyp, [ref])
    assert "bad.jsonl:2:" in str(err.value)
    # blank lines between records are no records, and no end of the file either
    gaps = tmp_path / "gaps.jsonl"
    gaps.write_text(_jsonl_record(0, "a", "b") + "\n\n" + _jsonl_record(1, "c", "d") + "\n", encoding="utf-8")
    (doc,) = pair_inputs(gaps, [write_lines(tmp_path / "ref2.txt", ["b", "d"])])
    assert doc.hyp.lines == ["b", "d"]


def test_outputs_of_bitext_writers_evaluate_like_plain_text(tmp_path, glossary_file):
    """The real JSONL and TMX writers' files, read back by eval, give the plain-text scores."""
    from bitext.writers import jsonl as jsonl_writer, tmx as tmx_writer
    from bitext.core.aligned import AlignedDocument, AlignedParagraph
    from bitext.writers.options import WriterOptions
    from bitext.glossary.store import load_glossary

    paragraphs = [AlignedParagraph(index=0, kind="furniture", source="人民日报 2024年3月6日", target=None)]
    paragraphs += [AlignedParagraph(index=i + 1, kind="body", source=s, target=h)
                   for i, (s, h) in enumerate(zip(SRC, HYP))]
    doc = AlignedDocument(name="doc", paragraphs=paragraphs)
    jsonl = tmp_path / "doc.jsonl"
    jsonl.write_text(jsonl_writer.render(doc, WriterOptions(include_furniture=True)), encoding="utf-8")
    tmx = tmp_path / "doc.tmx"
    tmx.write_bytes(tmx_writer.render(doc, WriterOptions()))
    ref = write_lines(tmp_path / "ref.txt", REF)
    plain = write_lines(tmp_path / "plain.txt", HYP)
    want = cli_scores([ref], plain)
    glossary = load_glossary([glossary_file], builtin=False)
    for hyp in (jsonl, tmx):
        report = evaluate(pair_inputs(hyp, [ref]), glossary)
        assert (round(report.total.bleu, 4), round(report.total.chrf, 4)) == want, hyp.name
        assert (report.total.terms.occurrences, report.total.terms.matched) == (4, 3), hyp.name
