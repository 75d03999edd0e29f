"""The CAT-tool round trip with the real OmegaT 3.6: two OmegaT runs check everything.

Run 1 (the Text filter in BREAKS mode, a line is a paragraph) holds the page as .txt and as .md (OmegaT
3.6 has no Markdown filter; *.md is added to the Text filter's masks), bitext's XLIFF of the page, both
documents' TMX in tm/auto/ and bitext's glossary export in glossary/. Run 2 holds the two pages in OmegaT's
default mode (EMPTYLINES: lines up to a blank line are one paragraph). Failed, not skipped, on CI
when OmegaT is missing (see omegat_project.require_omegat).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from cat_page import GLOSSARY_TSV, PAGE_MD, PAGE_TXT, TableBackend
from omegat_project import OmegaTProject, require_omegat
from xliff_schema import schema_errors

from bitext.align.split.omegat import omegat_text_segments
from bitext.translate.pipeline import TranslateOptions
from bitext.translate.runner import RunOptions, translate_files
from bitext.translate.tm import load_tm
from bitext.translate.xliff import iter_xliff

pytestmark = [pytest.mark.omegat, pytest.mark.slow]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
PAGES = {"qingshan.txt": PAGE_TXT, "qingshan-md.md": PAGE_MD}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """bitext translate --segmentation omegat -f tmx,xliff on both pages (the table stands in for the model)."""
    base = tmp_path_factory.mktemp("cat")
    inputs = []
    for name, text in PAGES.items():
        (base / name).write_text(text, encoding="utf-8")
        inputs.append(str(base / name))
    glossary = base / "page-terms.tsv"
    glossary.write_text(GLOSSARY_TSV, encoding="utf-8")
    options = RunOptions(out_dir=base / "out", formats=("tmx", "xliff"), use_cache=False,
                         translate=TranslateOptions(segmentation="omegat", glossary_mode="check"),
                         glossary_files=(str(glossary),))
    summary = translate_files(inputs, options, backend=TableBackend(),
                              created=datetime(2024, 3, 18, tzinfo=timezone.utc))
    assert not summary.failed, summary.failed
    return base


MT, EDITED = "Residents now drink water they can trust.", "Residents can now drink safe water."
POST_EDIT_TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test"
adminlang="en-US" srclang="zh-CN" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>{MT}</seg></tuv><tuv xml:lang="en-US"><seg>{EDITED}</seg></tuv></tu>
</body></tmx>
"""


def _segments(result, name):
    return [(src, comment, tr) for f, src, comment, tr in result.segments if f == name]


def test_omegat_fills_every_line_segment_opens_the_xliff_and_loads_the_glossary(outputs, tmp_path, cli):
    require_omegat()
    exported = tmp_path / "bitext.txt"
    result = cli("glossary", "export", "-f", "omegat", "-o", str(exported), "--glossary", str(outputs / "page-terms.tsv"))
    assert result.exit_code == 0, result.output
    out = outputs / "out"
    # The translator's edit of one XLIFF segment, given to OmegaT as a memory so console mode applies it.
    edit = tmp_path / "post-edit.tmx"
    edit.write_text(POST_EDIT_TMX, encoding="utf-8")
    project = OmegaTProject.build(
        tmp_path / "omegat",
        {"qingshan.txt": PAGE_TXT, "qingshan-md.md": PAGE_MD, "qingshan.xlf": out / "qingshan.xlf"},
        [out / "qingshan.tmx", out / "qingshan-md.tmx", edit],
        segment_on="BREAKS", markdown=True, glossaries={"bitext.txt": exported})
    run = project.translate()
    assert run.returncode == 0, run.log[-3000:]
    assert "TF_TM_LOAD_ERROR" not in run.log and "Exception" not in run.log, run.log[-3000:]

    for name, text in PAGES.items():
        expected = [s.text for s in omegat_text_segments(text.split("\n"), "breaks")]
        # OmegaT cut the file exactly where bitext expected, and filled every segment from the TMX.
        assert [src for src, _, _ in _segments(run, name)] == expected
        assert run.files[name] == (len(expected), 0), (name, run.files, run.log[-2000:])
        assert not CJK.search(run.targets[name]), run.targets[name]
    md = run.targets["qingshan-md.md"]
    assert "## Clean water reaches every home\n" in md and "### Building and managing alike" in md
    assert "\nTo" not in md  # a column-broken sentence's halves stay on their own lines
    assert "Today, tap water pipes have" in run.targets["qingshan.txt"]

    # The XLIFF: one segment per translatable unit (furniture is translate="no"). OmegaT 3.6's XLIFF
    # filter edits an existing <target> in place, so the segments it shows are bitext's English, with
    # the notes (block, lines, glossary terms) as their comments.
    units = list(iter_xliff(out / "qingshan.xlf"))
    xliff = _segments(run, "qingshan.xlf")
    assert [text for text, _, _ in xliff] == [u.target for u in units]
    assert run.files["qingshan.xlf"] == (len(units), len(units) - 1)  # one segment post-edited
    comments = "\n".join(c for _, c, _ in xliff)
    assert "heading, line 5 of qingshan.txt" in comments
    assert "glossary: 民生实事 = practical matter for the people (official rendering; source: Test style sheet 2024)" in comments
    # What OmegaT writes back is valid XLIFF 1.2 with the edit in <target> (its state untouched), the
    # rest intact; as a memory it yields the edited unit only.
    back = tmp_path / "from-omegat.xlf"
    back.write_text(run.targets["qingshan.xlf"], encoding="utf-8")
    assert schema_errors(back) == []
    assert [(u.source, u.target) for u in iter_xliff(back)] == \
        [(u.source, EDITED if u.target == MT else u.target) for u in units]
    assert [(u.source, u.target) for u in load_tm([back])] == [("群众喝上了放心水。", EDITED)]

    # The glossary: OmegaT's own reader takes every exported entry, comment included.
    glossary = [row[1:] for row in run.glossary if row[0] == "bitext.txt"]
    lines = [line.split("\t") for line in exported.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert glossary == [tuple(cells) for cells in lines]
    assert ("民生实事", "practical matter for the people",
            "official rendering; category: policy; source: Test style sheet 2024") in glossary
    assert len(glossary) > 1000  # the built-in term base too


def test_omegat_default_paragraph_mode_fills_every_segment(outputs, tmp_path):
    require_omegat()
    out = outputs / "out"
    project = OmegaTProject.build(tmp_path / "omegat", dict(PAGES), [out / "qingshan.tmx", out / "qingshan-md.tmx"],
                                  segment_on="EMPTYLINES", markdown=True)
    run = project.translate()
    assert run.returncode == 0, run.log[-3000:]
    for name, text in PAGES.items():
        expected = [s.text for s in omegat_text_segments(text.split("\n"), "emptylines")]
        assert [src for src, _, _ in _segments(run, name)] == expected
        assert any("\n" in s for s in expected)  # the line-broken sentence is one segment here
        assert run.files[name] == (len(expected), 0), (name, run.files, run.log[-2000:])
        assert not CJK.search(run.targets[name]), run.targets[name]
