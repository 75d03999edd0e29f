"""Hand-built AlignedDocuments for the writer tests (no translation pipeline involved).

``sample_document()`` covers what the writers must handle: a Markdown heading, 1:1, 2:1 and 1:0
beads, glossary terms enforced and missing, flags, a caption, untranslated page furniture, an empty
translation, a chunked paragraph with a translation-memory hint and a human-aligned paragraph. Its
sentences follow OmegaT 3.6's Chinese segmentation (no break after 。” when text follows).
"""

from __future__ import annotations

from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.core.flags import FLAG_CHUNKED, FLAG_LOW_CONFIDENCE, FLAG_UNALIGNED
from bitext.core.terms import Term, TermCheck, TermHit

TERMS = {
    "中央经济工作会议": Term("中央经济工作会议", "Central Economic Work Conference", category="institution",
                         source="Xinhua style guide 2023"),
    "稳中求进工作总基调": Term("稳中求进工作总基调",
                          "general principle of pursuing progress while ensuring stability",
                          category="slogan", source="CPC Central Committee, 2023"),
    "新发展理念": Term("新发展理念", "new development philosophy", ("new development concept",),
                   category="concept", source="Qiushi Journal glossary"),
    "新发展格局": Term("新发展格局", "new development pattern", category="concept", source="NPC Observer"),
    "党的全面领导": Term("党的全面领导", "the Party's overall leadership", category="concept",
                    source="China Daily glossary"),
    "高质量发展": Term("高质量发展", "high-quality development", category="concept",
                  source="Government Work Report 2024"),
}


def sentences(parts: list[str], joiner: str) -> tuple[str, list[Sentence]]:
    text, out = "", []
    for i, part in enumerate(parts):
        if i:
            text += joiner
        out.append(Sentence(part, len(text), len(text) + len(part)))
        text += part
    return text, out


def para(
    index: int,
    zh: list[str],
    en: list[str] | None,
    *,
    kind: str = "body",
    beads: list[tuple] | None = None,
    terms: list[tuple] = (),
    level: int = 0,
    flags: list[str] = (),
    origin: str = "mt",
    tm_hint: str | None = None,
) -> AlignedParagraph:
    """``beads``: (src indices, tgt indices[, score[, flags]]); default 1:1 in order.

    ``terms``: (zh, realised[, rendering]); the hit offset is the first occurrence in the source.
    """
    source, src_sents = sentences(zh, "")
    target, tgt_sents = sentences(en, " ") if en is not None else (None, [])
    if en is not None and beads is None:
        beads = [((i,), (i,), 0.9) for i in range(len(zh))]
    bead_objs = [
        Bead(tuple(b[0]), tuple(b[1]), b[2] if len(b) > 2 else 1.0, tuple(b[3]) if len(b) > 3 else ())
        for b in (beads or [])
    ]
    checks = []
    for t in terms:
        term = TERMS[t[0]]
        start = source.index(term.zh)
        realised = t[1]
        rendering = t[2] if len(t) > 2 else (term.en if realised else None)
        checks.append(TermCheck(TermHit(term, start, start + len(term.zh)), realised, rendering,
                                "model" if realised else "flagged"))
    return AlignedParagraph(
        index=index, kind=kind, source=source, target=target, line_start=index * 2 + 1,
        line_end=index * 2 + 1, level=level, origin=origin, src_sentences=src_sents,
        tgt_sentences=tgt_sents, beads=bead_objs, terms=checks, flags=list(flags), tm_hint=tm_hint,
    )


def sample_document(name: str = "renmin-20241212") -> AlignedDocument:
    paragraphs = [
        para(0, ["习近平在中央经济工作会议上发表重要讲话"],
             ["Xi Jinping delivers an important speech at the Central Economic Work Conference"],
             kind="heading", level=1, terms=[("中央经济工作会议", True)]),
        para(1, ["会议强调，要坚持稳中求进工作总基调。",
                 "要完整、准确、全面贯彻新发展理念，加快构建新发展格局。",
                 "会议指出：“必须坚持党的全面领导。”这是做好经济工作的根本保证。"],
             ["The meeting stressed the need to adhere to the general principle of pursuing progress "
              "while ensuring stability.",
              "We must apply the new development philosophy fully, accurately and comprehensively, "
              "and accelerate the building of a new development pattern.",
              "The meeting pointed out: \"We must uphold the Party's overall leadership.\" This is "
              "the fundamental guarantee for doing economic work well."],
             terms=[("稳中求进工作总基调", True), ("新发展理念", True), ("新发展格局", True),
                    ("党的全面领导", True)]),
        para(2, ["推动高质量发展。", "这是首要任务。", "各地区要因地制宜。"],
             ["Promoting development is the primary task.", "All regions should adapt measures to "
              "local conditions."],
             beads=[((0, 1), (0,), 0.41, [FLAG_LOW_CONFIDENCE]), ((2,), (1,), 0.88)],
             terms=[("高质量发展", False)], flags=[]),
        para(3, ["图为会议现场。"], ["The photo shows the meeting venue."], kind="caption"),
        para(4, ["（本版责编：张三  美编：李四）"], None, kind="furniture"),
        para(5, ["经济运行总体平稳。"], [""], beads=[((0,), (0,), 0.0)]),
        para(6, ["我们要坚定信心、迎难而上。", "附：会议全文见第二版。"],
             ["We must remain confident and rise to the challenges."],
             beads=[((0,), (0,), 0.95, [FLAG_CHUNKED]), ((1,), (), 0.0, [FLAG_UNALIGNED])], flags=[FLAG_CHUNKED],
             tm_hint="We must strengthen confidence and meet difficulties head-on."),
        para(7, ["人民是历史的创造者。"], ["The people are the creators of history."], origin="human"),
    ]
    return AlignedDocument(
        name=name,
        paragraphs=paragraphs,
        source_path=f"inputs/{name}.txt",
        meta={"model": "Helsinki-NLP/opus-mt-zh-en", "date": "2024-12-12",
              "glossary_version": "builtin-2024.3"},
    )


def test_sample_offsets_match_text():
    doc = sample_document()
    for p in doc.paragraphs:
        for s in p.src_sentences:
            assert p.source[s.start:s.end] == s.text
        for s in p.tgt_sentences:
            assert p.target[s.start:s.end] == s.text
        for t in p.terms:
            assert p.source[t.hit.start:t.hit.end] == t.hit.term.zh
