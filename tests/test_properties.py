"""Issue 7, property tests that cross module boundaries.

Already covered where the code lives (not repeated here): splitter offsets rebuild the paragraph
(test_split.py), TMX write→parse round trip over arbitrary text (test_tmx.py), HTML never turns
input into markup (test_html.py), enforcement never leaves a term silently unrealised
(test_glossary_enforce.py), chunks cover the text and fit (test_engine.py).

Here: the aligner's invariants (also through its windowed path for long documents), and two
end-to-end properties from input bytes to output files — no source text is lost and every file
parses, and every glossary term in the outputs is realised or flagged.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from fakes import EchoBackend

ZH = ["我们今天去了公园。", "天气非常好。", "他买了三本书，然后回家了。", "经济增长了百分之五。", "会议在北京举行。",
      "大家都很高兴。", "党员干部深入基层。", "2024年GDP增长5.2%。", "“为人民服务”是根本宗旨！", "好。"]
EN = ["We went to the park today.", "The weather was very good.", "He bought three books.", "Then he went home.",
      "The economy grew by five percent.", "The meeting was held in Beijing.", "Everyone was happy.",
      "Party members went to the grassroots.", "GDP grew 5.2% in 2024.", "Good.", "Serve the people!"]

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the aligner --------------------------------------------------------------------------------

def assert_cover(beads, n: int, m: int) -> None:
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n)), src  # every source sentence exactly once, in order
    assert tgt == list(range(m)), tgt
    for b in beads:
        assert b.src or b.tgt
        assert list(b.src) == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert list(b.tgt) == list(range(b.tgt[0], b.tgt[0] + len(b.tgt))) if b.tgt else True
        assert 0.0 <= b.score <= 1.0


sentences_zh = st.lists(st.one_of(st.sampled_from(ZH), st.text(min_size=1, max_size=30)), max_size=14)
sentences_en = st.lists(st.one_of(st.sampled_from(EN), st.text(min_size=1, max_size=60)), max_size=14)


@SETTINGS
@given(src=sentences_zh, tgt=sentences_en)
def test_aligner_uses_each_sentence_once_in_order(src, tgt):
    from bitext.align.aligner import align_sentences

    assert_cover(align_sentences(src, tgt), len(src), len(tgt))


@SETTINGS
@given(src=sentences_zh, tgt=sentences_en, window=st.integers(2, 6), max_bead=st.integers(2, 5))
def test_windowed_aligner_keeps_the_invariants(src, tgt, window, max_bead):
    """Long documents are aligned in overlapping windows; tiny windows put every stitch under test."""
    from bitext.align.aligner import AlignOptions, align_sentences

    options = AlignOptions(window=window, max_cells=4, max_bead=max_bead, use_dictionary=False)
    beads = align_sentences(src, tgt, options=options)
    assert_cover(beads, len(src), len(tgt))
    assert all(len(b.src) + len(b.tgt) <= max_bead for b in beads)


# --- bytes in, files out ------------------------------------------------------------------------

# Chinese text, markup, XML-hostile characters, page furniture, headings, blank lines.
LINE_PIECES = st.sampled_from([
    "党员干部深入基层，", "倾听群众呼声。", "推进全面从严治党", "！", "？", "……", "“", "”", "<script>", "&", "]]>",
    "\"", "'", "\x01", "\x0b", "\x1b", "\x7f", "\ufffe", "\u200b", "\u3000", " ", "## ", "# ", "▲", "图为",
    "2024年3月5日 星期二", "本版责编：王小明", "A", "5.2%", "\t", "\r", "a\u0301", "\U0002000b",
])
DOCUMENT = st.lists(st.lists(LINE_PIECES, max_size=8).map("".join), max_size=8).map("\n".join)


def _translated_text(document) -> str:
    from bitext.core.document import BlockKind

    return "".join(b.text for b in document.blocks if b.kind is not BlockKind.FURNITURE)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DOCUMENT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_no_source_text_lost_and_every_file_parses(text, encoding):
    from bitext.writers import WriterOptions, write_outputs
    from bitext.translate.engine import Engine
    from bitext.core.errors import InputError
    from bitext.translate.ingest import read_document
    from bitext.translate.pipeline import translate_document

    try:
        document = read_document(data=text.encode(encoding))
    except InputError:
        return  # e.g. too little text to tell GB18030 from something else: a clear error is allowed
    aligned = translate_document(document, Engine(EchoBackend(limit=12)))
    out = Path(tempfile.mkdtemp(prefix="bitext-prop-"))
    try:
        write_outputs(aligned, out, ["tmx", "html", "jsonl"], WriterOptions())
        records = [json.loads(x) for x in (out / "stdin.jsonl").read_text(encoding="utf-8").splitlines()]
        translated = [r for r in records if r["target"] is not None]
        squeeze = lambda s: "".join(s.split())  # noqa: E731 - segment edges are trimmed, inner text is not
        assert squeeze("".join(r["source"] for r in translated)) == squeeze(_translated_text(document))
        etree.parse(str(out / "stdin.tmx"), etree.XMLParser(resolve_entities=False, no_network=True))
        page = html.fromstring((out / "stdin.html").read_bytes())
        assert not page.xpath("//*[@onerror or @onload]")
    finally:
        shutil.rmtree(out)


GLOSSARY_TERMS = [("全面从严治党", "full and rigorous Party self-governance"), ("乡村振兴", "rural revitalization"),
                  ("党员干部", "Party members and officials"), ("新发展格局", "new development paradigm")]
FILLER = ["，", "。", "推进", "我们", "要", "的", "基层", "工作", "！"]


def _adversary(name: str, rng: random.Random):
    def translate(texts: list[str]) -> list[str]:
        if name == "echo":
            return [f"T({t})" for t in texts]
        if name == "empty":
            return ["" for _ in texts]
        if name == "drop-every-other-word":
            return [" ".join(w for k, w in enumerate(f"{t} rendered".split()) if k % 2) for t in texts]
        # "sometimes-right": the official rendering for some terms, nothing for others
        return [" and ".join(en for zh, en in GLOSSARY_TERMS if zh in t and rng.random() < 0.5) or "x" for t in texts]
    return translate


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(st.lists(st.sampled_from([z for z, _ in GLOSSARY_TERMS] + FILLER), min_size=1,
                                    max_size=12).map("".join), min_size=1, max_size=4),
       adversary=st.sampled_from(["echo", "empty", "drop-every-other-word", "sometimes-right"]),
       seed=st.integers(0, 1000), mode=st.sampled_from(["enforce", "check"]))
def test_every_term_in_the_outputs_is_realised_or_flagged(paragraphs, adversary, seed, mode):
    from bitext.writers import WriterOptions, write_outputs
    from bitext.core.terms import Term
    from bitext.glossary.realised import occurs
    from bitext.glossary.store import Glossary
    from bitext.core.document import Block, BlockKind, Document
    from bitext.translate.engine import Engine
    from bitext.translate.pipeline import TranslateOptions, translate_document

    glossary = Glossary([Term(zh, en) for zh, en in GLOSSARY_TERMS])
    backend = EchoBackend(limit=20)
    backend.translate = _adversary(adversary, random.Random(seed))
    document = Document(name="g", blocks=tuple(Block(i, BlockKind.BODY, p, i + 1, i + 1)
                                               for i, p in enumerate(paragraphs)))
    aligned = translate_document(document, Engine(backend), glossary, TranslateOptions(glossary_mode=mode))
    out = Path(tempfile.mkdtemp(prefix="bitext-prop-"))
    try:
        write_outputs(aligned, out, ["jsonl", "tmx"], WriterOptions())
        records = [json.loads(x) for x in (out / "g.jsonl").read_text(encoding="utf-8").splitlines()]
        for record in records:
            found = sorted((h.start, h.end) for h in glossary.find(record["source"]))
            listed = sorted((t["start"] - record["source_span"][0], t["end"] - record["source_span"][0])
                            for t in record["terms"])
            assert listed == found  # every occurrence in the source is checked, at the right place
            for term in record["terms"]:
                if term["realised"]:
                    assert occurs(term["rendering"], record["target"])  # as the checks find renderings
                else:
                    assert "term-missing" in record["flags"]
        # The TMX says the same: a unit with an unrealised term carries the flag.
        tmx = etree.parse(str(out / "g.tmx"))
        flagged_in_tmx = {tu.findtext("tuv[1]/seg") for tu in tmx.iter("tu")
                          if "term-missing" in (tu.findtext("prop[@type='x-flags']") or "")}
        missing = {r["source"].strip() for r in records if any(not t["realised"] for t in r["terms"]) and r["target"]}
        assert missing <= flagged_in_tmx
    finally:
        shutil.rmtree(out)
