"""Engine: order and count preserved, never truncating, cache hits, resume after an interruption."""

import random

import pytest
from hypothesis import given, settings, strategies as st

from bitext.translate.cache import SegmentCache
from bitext.translate.chunking import chunk_text
from bitext.translate.engine import Engine

from fakes import EchoBackend


def count(text):
    return len(text) + 1  # one token per character plus </s>, like EchoBackend


def sentences(text):
    from bitext.translate.engine import _default_sentences

    return _default_sentences(text)


@given(st.text(alphabet="党员干部基层，。！？、；abc 1", min_size=1, max_size=400), st.integers(5, 60))
@settings(max_examples=200, deadline=None)
def test_chunks_cover_text_and_fit(text, limit):
    chunks = chunk_text(text, count, limit, sentences)
    assert "".join(chunks) == text
    assert all(len(c) + 1 <= limit for c in chunks)


def weighted(text):
    return sum(2 if ch.isdigit() else 1 for ch in text) + 1  # digits cost two tokens, plus </s>


@given(st.text(alphabet="党员干部基层12345", min_size=1, max_size=300), st.integers(3, 40))
@settings(max_examples=200, deadline=None)
def test_hard_cuts_are_the_longest_prefixes_that_fit(text, limit):
    from bitext.translate.chunking import _Chunker

    pieces = _Chunker(weighted, limit).hard_cut(text)
    assert "".join(pieces) == text and all(pieces)
    for piece, nxt in zip(pieces, pieces[1:]):
        assert weighted(piece) <= limit or len(piece) == 1  # one character that alone is too long goes alone
        assert weighted(piece + nxt[0]) > limit  # one more character would not fit


def test_sentences_that_fit_alone_stay_whole_when_the_seams_cost_more():
    # Joined, two sentences cost a token more than their sum (a tokenizer merging across the seam
    # differently): the exact packing keeps each sentence whole instead of cutting it.
    def seams(text):
        return len(text) + 1 + text.count("。") - (1 if text.endswith("。") else 0)

    text = "甲乙丙丁。戊己庚辛。壬癸子丑。"  # each sentence 6 tokens, two joined 12, estimated 11
    assert chunk_text(text, seams, 11, sentences) == ["甲乙丙丁。", "戊己庚辛。", "壬癸子丑。"]
    assert chunk_text(text, seams, 12, sentences) == ["甲乙丙丁。戊己庚辛。", "壬癸子丑。"]
    # three estimated to fit together (16), joined 18: the exact packing joins the first two (12)
    assert chunk_text(text, seams, 17, sentences) == ["甲乙丙丁。戊己庚辛。", "壬癸子丑。"]


def test_every_group_of_sentences_is_packed_up_to_the_limit():
    # 6 tokens a sentence with its </s>: two fill 11 exactly, in the first group and in every later one
    assert chunk_text("一二三四。" * 6, count, 11, sentences) == ["一二三四。一二三四。"] * 3


def test_chunking_prefers_sentence_then_clause_boundaries():
    text = "第一句话很短。第二句话也不长。第三句，有逗号，也有顿号、然后结束。"
    # Two whole sentences fit; the third is cut at its last clause mark that still fits.
    assert chunk_text(text, count, 18, sentences) == ["第一句话很短。第二句话也不长。", "第三句，有逗号，也有顿号、", "然后结束。"]


def test_order_count_and_empty_inputs(cache_dir):
    backend = EchoBackend(limit=1000)
    engine = Engine(backend, batch_size=3)
    texts = ["短。", "", "一个比较长一点的句子。", "   ", "中等长度句子。", "短。"]
    assert engine.translate(texts) == ["T(短。)", "", "T(一个比较长一点的句子。)", "", "T(中等长度句子。)", "T(短。)"]
    # Duplicates are translated once; batches are sorted longest first.
    flat = [t for call in backend.calls for t in call]
    assert sorted(flat) == sorted(["短。", "一个比较长一点的句子。", "中等长度句子。"])
    assert backend.calls[0][0] == "一个比较长一点的句子。"


def test_long_text_is_chunked_not_truncated():
    backend = EchoBackend(limit=12)
    engine = Engine(backend)
    text = "这是第一句话。" * 5 + "没有标点的很长的一段文字" * 3
    out = engine.translate([text])[0]
    pieces = [p[2:-1] for p in out.split(" ")]
    assert "".join(pieces) == text
    assert engine.is_chunked(text) and engine.stats.chunked == 1


def test_ten_thousand_characters_without_punctuation():
    backend = EchoBackend(limit=64)
    text = "".join(random.Random(0).choice("党员干部群众服务中心建设") for _ in range(10_000))
    out = Engine(backend).translate([text])[0]
    assert "".join(p[2:-1] for p in out.split(" ")) == text


def test_cache_hit_on_rerun(cache_dir):
    texts = [f"第{i}句话。" for i in range(20)]
    first = EchoBackend()
    Engine(first, cache=SegmentCache(), batch_size=4).translate(texts)
    assert sum(map(len, first.calls)) == 20
    second = EchoBackend()
    engine = Engine(second, cache=SegmentCache(), batch_size=4)
    assert engine.translate(texts) == [f"T({t})" for t in texts]
    assert second.calls == [] and engine.stats.cache_hits == 20


def test_namespace_separates_models_and_options(cache_dir):
    texts = ["同一句话。"]
    Engine(EchoBackend(), cache=SegmentCache(), namespace="beams=4").translate(texts)
    other = EchoBackend()
    Engine(other, cache=SegmentCache(), namespace="beams=1").translate(texts)
    assert other.calls == [["同一句话。"]]


def test_resume_after_interruption_redoes_nothing(cache_dir):
    texts = [f"第{i}段内容。" for i in range(10)]
    interrupted = EchoBackend(fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        Engine(interrupted, cache=SegmentCache(), batch_size=3).translate(texts)
    assert sum(map(len, interrupted.calls)) == 6
    again = EchoBackend()
    result = Engine(again, cache=SegmentCache(), batch_size=3).translate(texts)
    assert result == [f"T({t})" for t in texts]
    assert sum(map(len, again.calls)) == 4  # only what the interrupted run had not finished


def test_real_model_order_and_count(tiny_model_dir, cache_dir):
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.backends.model_source import resolve_model
    from bitext.translate.backends.transformers_backend import TransformersBackend

    backend = TransformersBackend(resolve_model(str(tiny_model_dir)), GenerationOptions(beams=1, batch_size=4))
    engine = Engine(backend, cache=SegmentCache(), batch_size=4)
    texts = ["我们推进乡村振兴。", "", "政府支持科技创新。" * 12, "社区加强公共服务。"]
    out = engine.translate(texts)
    assert len(out) == 4 and out[1] == ""
    assert all(out[i] for i in (0, 2, 3))
    assert engine.is_chunked(texts[2]) and not engine.is_chunked(texts[0])
    # Same batch alone gives the same strings: batching and sorting do not mix outputs up.
    alone = [Engine(backend).translate([t])[0] for t in texts]
    assert alone == out


class CountingBackend(EchoBackend):
    """EchoBackend that adds up the characters it was asked to count: the tokenizer's work."""

    counted = 0

    def count_tokens(self, texts):
        self.counted += sum(map(len, texts))
        return super().count_tokens(texts)


@pytest.mark.parametrize("alphabet", ["党员干部群众服务中心建设", "党员干部群众，服务中心建设"])
def test_chunking_is_linear_in_time_and_memory(alphabet):
    """Issue 12: a long line without punctuation once cost a search over the whole rest of the text
    for every cut and kept every prefix it counted (a 1 MB line: a minute and 245 MB)."""
    import tracemalloc

    rng = random.Random(0)
    text = "".join(rng.choice(alphabet) for _ in range(50_000))
    backend = CountingBackend(limit=512)
    engine = Engine(backend)
    tracemalloc.start()
    try:
        pieces = engine.chunks(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "".join(pieces) == text and all(len(p) + 1 <= 512 for p in pieces)
    assert len(pieces) <= len(text) // 400  # cuts are as long as the limit allows
    assert backend.counted <= 8 * len(text)  # tokenizer work: a few passes (the old search: 22 to 58)
    assert peak <= 10 * 2 * len(text)  # a few copies of the text (2 bytes a character); the old cache: 31 to 62
    assert engine.chunks(text) is pieces and engine.is_chunked(text)  # the pipeline's second ask is free


def test_a_cache_failing_mid_run_is_an_error_with_the_way_out(cache_dir):
    from bitext.core.errors import OutputError

    cache = SegmentCache()
    cache.put_many({f"k{i}": f"v{i}" for i in range(1200)})
    assert len(cache.get_many([f"k{i}" for i in range(1200)] + ["absent"])) == 1200  # asked in parts
    assert len(cache) == 1200
    cache.close()  # what a vanished or damaged database looks like from here: sqlite raises
    for call in (lambda: cache.get_many(["k1"]), lambda: cache.put_many({"k": "v"})):
        with pytest.raises(OutputError, match="segment cache not usable: .*--no-cache"):
            call()


def test_a_cache_folder_is_made_and_one_that_cannot_be_is_an_error(tmp_path):
    from bitext.core.errors import OutputError

    nested = SegmentCache(tmp_path / "a" / "b" / "segments.sqlite")
    nested.put_many({"k": "v"})
    assert nested.get_many(["k"]) == {"k": "v"}
    nested.close()
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="segment cache not usable: Not a directory") as caught:
        SegmentCache(tmp_path / "file" / "sub" / "segments.sqlite")
    assert "Errno" not in str(caught.value)


def test_the_cache_answers_from_another_thread(cache_dir):
    import threading

    cache = SegmentCache()
    cache.put_many({"k": "v"})
    seen = []
    worker = threading.Thread(target=lambda: seen.append(cache.get_many(["k"])))
    worker.start()
    worker.join()
    assert seen == [{"k": "v"}]
    cache.close()
