"""Real CAT tool check: OmegaT 3.6 fills a zh-CN → en-US project from bitext's TMX.

Skipped when OmegaT is not installed, failed instead when CI=true (`.ci/run` installs it).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from omegat_project import OmegaTProject, require_omegat
from test_writers_sample import para

from bitext.core.aligned import AlignedDocument
from bitext.writers import WriterOptions, write_outputs

pytestmark = [pytest.mark.omegat, pytest.mark.slow]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def omegat_document() -> AlignedDocument:
    """Sentences cut the way OmegaT's default Chinese rules cut them.

    No break after 。” / ？” when text follows, none at ……; a title line without 。 is its own
    paragraph (BREAKS mode); a leading U+3000 indent is dropped by OmegaT and trimmed by us.
    """
    paragraphs = [
        para(0, ["习近平在中央经济工作会议上发表重要讲话"],
             ["Xi Jinping delivers an important speech at the Central Economic Work Conference"],
             kind="heading", level=1, terms=[("中央经济工作会议", True)]),
        para(1, ["\u3000\u3000会议强调，要坚持稳中求进工作总基调。",
                 "要完整、准确、全面贯彻新发展理念，加快构建新发展格局。",
                 "会议指出：“必须坚持党的全面领导。”这是做好经济工作的根本保证。"],
             ["The meeting stressed the need to adhere to the general principle of pursuing "
              "progress while ensuring stability.",
              "We must apply the new development philosophy fully and accelerate the building "
              "of a new development pattern.",
              "The meeting pointed out: \"We must uphold the Party's overall leadership.\" This "
              "is the fundamental guarantee for economic work."],
             terms=[("稳中求进工作总基调", True), ("新发展理念", True), ("党的全面领导", True)]),
        para(2, ["研发投入增长8.3%，其中基础研究占比6.7%……这是历史最好水平。",
                 "你们准备好了吗？",
                 "我们准备好了！"],
             ["R&D spending grew 8.3% <of which> basic research took 6.7%, the best level ever.",
              "Are you ready?",
              "We are ready!"]),
        para(3, ["人民是历史的创造者。"], ["The people are the creators of history."], origin="human"),
    ]
    return AlignedDocument(name="omegat-check", paragraphs=paragraphs,
                           meta={"model": "Helsinki-NLP/opus-mt-zh-en"})


def source_text(doc: AlignedDocument) -> str:
    return "".join(p.source + "\n" for p in doc.paragraphs)


@pytest.mark.parametrize("level", ["sentence", "paragraph"])
def test_omegat_fills_every_segment_from_our_tmx(tmp_path, level):
    require_omegat()
    doc = omegat_document()
    options = WriterOptions(tmx_level=level, created=datetime(2024, 12, 12, tzinfo=timezone.utc))
    (tmx,) = write_outputs(doc, tmp_path / "out", ["tmx"], options).files

    project = OmegaTProject.create(tmp_path / "omegat", source_text(doc), tmx)
    result = project.translate()

    assert result.returncode == 0, result.log[-3000:]
    assert "TF_TM_LOAD_ERROR" not in result.log
    # OmegaT counts its own segments; every one must have come from the TMX.
    segments = sum(len(p.src_sentences) for p in doc.paragraphs)
    assert result.stats.get("Total") == segments, (result.stats, result.log[-3000:])
    assert result.stats.get("Remaining") == 0, (result.stats, result.log[-3000:])
    assert result.target is not None
    for p in doc.paragraphs:
        for s in p.tgt_sentences:
            assert s.text in result.target, f"{s.text!r} missing from OmegaT's target"
    assert not CJK.search(result.target), result.target
