"""translate_document: structure of the aligned result, furniture, term offsets, TM reuse, flags."""

from bitext.core.flags import FLAG_CHUNKED, FLAG_EMPTY, FLAG_TERM_MISSING
from bitext.core.terms import Term
from bitext.glossary.store import Glossary
from bitext.translate.engine import Engine
from bitext.translate.ingest import read_document
from bitext.translate.pipeline import TranslateOptions, translate_document

from conftest import DATA
from fakes import EchoBackend


class Renderer(EchoBackend):
    """Knows two terms; everything else is echoed."""

    def translate(self, texts):
        self.calls.append(list(texts))
        out = []
        for t in texts:
            t = t.replace("乡村振兴", "rural revitalization").replace("党支部", "Party branch")
            out.append(f"Sentence {t}")
        return out


GLOSSARY = Glossary([Term("乡村振兴", "rural revitalization"), Term("党支部", "Party branch"),
                     Term("放管服", "streamline administration, delegate power, improve regulation and upgrade services")])


def run(text, backend=None, **options):
    doc = read_document(data=text.encode())
    engine = Engine(backend or Renderer(limit=200))
    return translate_document(doc, engine, GLOSSARY, TranslateOptions(**options))


def test_page_furniture_kept_but_not_translated():
    doc = read_document(DATA / "page.txt")
    result = translate_document(doc, Engine(Renderer(limit=200)), GLOSSARY)
    furniture = [p for p in result.paragraphs if p.kind == "furniture"]
    assert furniture and all(p.target is None for p in furniture)
    assert len(result.paragraphs) == len(doc.blocks)
    kept = translate_document(doc, Engine(Renderer(limit=200)), GLOSSARY, TranslateOptions(keep_furniture=True))
    assert all(p.target for p in kept.paragraphs)


def test_sentence_units_give_one_bead_per_source_sentence():
    result = run("第一句推进乡村振兴。第二句讲党支部！第三句？")
    (paragraph,) = result.paragraphs
    assert [s.text for s in paragraph.src_sentences] == ["第一句推进乡村振兴。", "第二句讲党支部！", "第三句？"]
    assert [b.src for b in paragraph.beads] == [(0,), (1,), (2,)]
    for sentence in paragraph.tgt_sentences:
        assert paragraph.target[sentence.start:sentence.end] == sentence.text
    assert all(len(b.tgt) >= 1 for b in paragraph.beads)


def test_term_offsets_point_into_the_paragraph():
    result = run("第一句话。第二句推进乡村振兴，加强党支部建设。")
    (paragraph,) = result.paragraphs
    assert len(paragraph.terms) == 2
    for check in paragraph.terms:
        assert paragraph.source[check.hit.start:check.hit.end] == check.hit.term.zh
        assert check.realised


def test_unrealised_term_is_flagged_not_silent():
    result = run("深化放管服改革。")
    (paragraph,) = result.paragraphs
    (check,) = paragraph.terms
    if not check.realised:
        assert FLAG_TERM_MISSING in paragraph.flags
        assert FLAG_TERM_MISSING in paragraph.beads[0].flags
    else:
        assert "streamline administration" in paragraph.target.lower()


def test_empty_translation_flagged():
    class Silent(EchoBackend):
        def translate(self, texts):
            return ["" for _ in texts]

    result = run("这句话会被翻译成空白。", Silent(limit=200), glossary_mode="off")
    assert FLAG_EMPTY in result.paragraphs[0].flags


def test_chunked_flag():
    result = run("很长的句子，" * 30 + "结束。", Renderer(limit=40), glossary_mode="off")
    assert FLAG_CHUNKED in result.paragraphs[0].flags


def test_translation_memory_exact_match_replaces_mt(tmp_path):
    from bitext.translate.tm import TMUnit, TranslationMemory

    tm = TranslationMemory([TMUnit("这句来自记忆库。", "This sentence comes from the TM.", "mem.tmx", 3)])
    backend = Renderer(limit=200)
    doc = read_document(data="这句来自记忆库。\n\n这句要机器翻译。".encode())
    result = translate_document(doc, Engine(backend), GLOSSARY, TranslateOptions(), tm=tm)
    assert result.paragraphs[0].origin == "tm"
    assert result.paragraphs[0].target == "This sentence comes from the TM."
    assert result.paragraphs[1].origin == "mt"
    assert all("记忆库" not in t for call in backend.calls for t in call)


def test_meta_records_glossary_and_mode():
    result = run("乡村振兴。")
    assert result.meta["glossary_mode"] == "enforce"
    assert result.meta["glossary_version"] == GLOSSARY.info.version


def test_translation_memory_whole_paragraph_and_fuzzy_hint():
    from bitext.translate.tm import TMUnit, TranslationMemory

    tm = TranslationMemory([
        TMUnit("第一句。第二句。", "First. Second.", "mem.tmx", 3),
        TMUnit("社区党支部开展主题党日活动。", "The community Party branch held a Party Day.", "mem.tmx", 9),
    ])
    backend = Renderer(limit=200)
    doc = read_document(data="第一句。第二句。\n\n社区党支部开展了主题党日活动。".encode())
    result = translate_document(doc, Engine(backend), GLOSSARY, TranslateOptions(), tm=tm)
    assert result.paragraphs[0].origin == "tm" and result.paragraphs[0].target == "First. Second."
    assert result.paragraphs[1].origin == "mt"
    assert result.paragraphs[1].tm_hint == "The community Party branch held a Party Day."
