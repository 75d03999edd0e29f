"""The aligner: DP invariants, paragraph handling, anchors, MT, memory on long inputs."""

import tracemalloc

import numpy as np
import pytest

from bitext.align.aligner import AlignOptions, align_documents, align_paragraph, align_sentences
from bitext.align.band import banded_costs
from bitext.align.dp import posteriors, solve
from bitext.core.flags import FLAG_UNALIGNED
from bitext.core.terms import Term
from bitext.align.score.anchors import en_anchors, term_anchors, term_lookup, zh_anchors, zh_numeral_value
from bitext.align.score.cost import bead_types

ZH = ["我们今天去了公园。", "天气非常好。", "他买了三本书，然后回家了。", "经济增长了百分之五。", "会议在北京举行。", "大家都很高兴。"]
EN = ["We went to the park today.", "The weather was very good.", "He bought three books.", "Then he went home.",
      "The economy grew by five percent.", "The meeting was held in Beijing.", "Everyone was happy."]


def pairs(beads):
    return [(b.src, b.tgt) for b in beads]


def check_cover(beads, n, m):
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n)) and tgt == list(range(m))  # each sentence once, in order
    for b in beads:
        assert 0.0 <= b.score <= 1.0
        assert b.src or b.tgt


def test_simple_document_aligns_correctly():
    beads = align_sentences(ZH, EN)
    check_cover(beads, len(ZH), len(EN))
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,)), ((5,), (6,))]


def test_missing_translation_becomes_unaligned_bead():
    en = EN[:4] + EN[5:]  # the economy sentence was not translated
    beads = align_sentences(ZH, en)
    check_cover(beads, len(ZH), len(en))
    got = pairs(beads)
    assert got[:3] == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3))]
    # The skip cost is calibrated on literary text, where omissions are rare (0.7 % of MAC beads): the
    # untranslated sentence becomes a 1-0 bead or joins its neighbour's bead, never pairs alone.
    assert ((3,), ()) in got or ((3, 4), (4,)) in got
    assert ((3,), (4,)) not in got
    for b in beads:
        if not b.tgt:
            assert FLAG_UNALIGNED in b.flags


@pytest.mark.parametrize("n,m", [(0, 0), (3, 0), (0, 2)])
def test_empty_sides(n, m):
    beads = align_sentences(ZH[:n], EN[:m])
    check_cover(beads, n, m)
    assert all(FLAG_UNALIGNED in b.flags for b in beads)


def test_dp_respects_bead_sizes():
    import numpy as np

    n, m = 3, 9
    types = bead_types(4)
    assert (1, 3) in types and (1, 4) not in types and (2, 2) in types
    rng = np.random.default_rng(7)
    costs = {t: rng.uniform(0, 1, (n + 1, m + 1)) for t in types}
    # 9 English sentences for 3 Chinese ones: the only paths use the widest beads the sizes allow.
    costs[(1, 3)][:] = 0.0
    beads = solve(costs, n, m)
    assert beads == [(0, 1, 0, 3), (1, 2, 3, 6), (2, 3, 6, 9)]
    assert all((i1 - i0) + (j1 - j0) <= 4 for i0, i1, j0, j1 in beads)


def test_anchors():
    assert zh_numeral_value("三千五百") == 3500 and zh_numeral_value("十二") == 12 and zh_numeral_value("一九九七") == 1997
    assert {"#2019", "#35000", "#50", "@gdp"} <= zh_anchors("2019年GDP达到3.5万元，增长50%")
    assert {"#2019", "#35000", "#50", "@gdp"} <= en_anchors("In 2019 GDP reached 35,000 yuan, up 50%", ["@gdp"])
    assert "#1" not in zh_anchors("一个人")  # a bare 一 means "a"


def test_glossary_terms_as_pairs_object_or_callable():
    zh = ["坚持一国两制方针。", "推进高质量发展。"]
    en = ["We uphold the One Country, Two Systems policy.", "We promote high-quality development."]
    as_pairs = [("一国两制", ["One Country, Two Systems"]), ("高质量发展", ["high-quality development"])]

    class Glossary:
        class T:
            def __init__(self, zh, en):
                self.zh, self.renderings = zh, (en,)

        terms = [T("一国两制", "One Country, Two Systems")]

    for terms in (as_pairs, Glossary(), lambda text: [p for p in as_pairs if p[0] in text]):
        assert pairs(align_sentences(zh, en, terms=terms)) == [((0,), (0,)), ((1,), (1,))]


def test_mt_assisted():
    mt = ["We went to the park today.", "The weather is very good.", "He bought three books and went home.",
          "The economy grew five percent.", "The meeting was held in Beijing.", "Everyone is happy."]
    beads = align_sentences(ZH, EN, mt=mt)
    assert pairs(beads)[2] == ((2,), (2, 3))
    with pytest.raises(ValueError):
        align_sentences(ZH, EN, mt=mt[:2])


def test_align_paragraph_offsets():
    zh = "我们今天去了公园。天气非常好。"
    en = "We went to the park today. The weather was very good."
    zs, es, beads = align_paragraph(zh, en)
    assert [zh[s.start : s.end] for s in zs] == ["我们今天去了公园。", "天气非常好。"]
    assert [en[s.start : s.end] for s in es] == ["We went to the park today.", "The weather was very good."]
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,))]
    # MT of a whole paragraph helps only a one-sentence paragraph (it cannot be split to match)
    assert pairs(align_paragraph(zh, en, mt="We went to the park. The weather was good.")[2]) == pairs(beads)
    assert pairs(align_paragraph(zh[:9], en[:26], mt="We went to the park today.")[2]) == [((0,), (0,))]


def test_documents_keep_beads_inside_paragraph_groups():
    zh_pars = ["".join(ZH[:2]), "".join(ZH[2:4]), "".join(ZH[4:])]
    en_pars = [" ".join(EN[:2]), " ".join(EN[2:5]), " ".join(EN[5:])]
    paras = align_documents(zh_pars, en_pars)
    assert len(paras) == 3
    for p in paras:
        check_cover(p.beads, len(p.src_sentences), len(p.tgt_sentences))
        assert p.origin == "human" and p.kind == "body"
        for s in p.src_sentences:
            assert p.source[s.start : s.end] == s.text


def test_documents_with_merged_paragraphs():
    zh_pars = ["".join(ZH[:2]), "".join(ZH[2:4]), "".join(ZH[4:])]
    en_pars = [" ".join(EN[:5]), " ".join(EN[5:])]  # the translator merged two paragraphs
    paras = align_documents(zh_pars, en_pars)
    assert [(p.source, p.target) for p in paras] == [
        (zh_pars[0] + "\n" + zh_pars[1], en_pars[0]), (zh_pars[2], en_pars[1])]
    assert [[(b.src, b.tgt) for b in p.beads] for p in paras] == [
        [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))], [((0,), (0,)), ((1,), (1,))]]
    assert [p.index for p in paras] == [0, 1] and not any(p.flags for p in paras)


def test_an_untranslated_paragraph_joins_a_group_and_its_sentence_stays_unaligned():
    zh_pars = ["".join(ZH[:2]), "国务院今天召开常务会议，研究部署了下一阶段的重点工作任务。", "".join(ZH[2:])]
    en_pars = [" ".join(EN[:2]), " ".join(EN[2:])]
    paras = align_documents(zh_pars, en_pars)
    assert [(p.source, p.target, p.flags) for p in paras] == [
        (zh_pars[0], en_pars[0], []), (zh_pars[1] + "\n" + zh_pars[2], en_pars[1], [])]
    assert pairs(paras[1].beads)[0] == ((0,), ())
    assert FLAG_UNALIGNED in paras[1].beads[0].flags
    # a side with no paragraphs at all: every paragraph is a group of its own, flagged
    alone = align_documents(zh_pars[:2], [])
    assert [(p.source, p.target, p.flags) for p in alone] == [(z, "", [FLAG_UNALIGNED]) for z in zh_pars[:2]]


def test_presegmented_documents():
    paras = align_documents(zh_paragraphs=ZH, en_paragraphs=EN, presegmented=True)
    assert len(paras) == 1 and len(paras[0].src_sentences) == len(ZH) and paras[0].index == 0
    check_cover(paras[0].beads, len(ZH), len(EN))
    # each line is one sentence of the joined paragraph, at its place in it
    for side, lines in ((paras[0].src_sentences, ZH), (paras[0].tgt_sentences, EN)):
        text = paras[0].source if lines is ZH else paras[0].target
        assert text == "\n".join(lines)
        assert [(s.text, text[s.start : s.end]) for s in side] == [(line, line) for line in lines]


def _long(n):
    zh = [f"第{k}章讨论了{k}个问题。" for k in range(n)]
    en = [f"Chapter {k} discusses {k} issues." for k in range(n)]
    return zh, en


@pytest.mark.slow
def test_long_documents_run_in_bounded_memory():
    # the DP's memory; the encoder's windows are test_encoder's
    opts = AlignOptions(use_dictionary=False, max_bead=4, window=120, embed_model=None)
    # tracemalloc slows the aligner about 4x, so memory is traced at 1k and 5k sentences and the 10k
    # document is only checked for its result
    peaks = []
    for n in (1_000, 5_000):
        zh, en = _long(n)
        tracemalloc.start()
        beads = align_sentences(zh, en, options=opts)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        check_cover(beads, n, n)
    # windows bound the working set: 5x the sentences must not mean 5x the memory
    assert peaks[1] < 2.0 * peaks[0], peaks
    zh, en = _long(10_000)
    beads = align_sentences(zh, en, options=opts)
    check_cover(beads, 10_000, 10_000)
    assert sum(1 for b in beads if len(b.src) == len(b.tgt) == 1) > 0.95 * 10_000


def test_windows_find_the_alignment_the_full_grid_finds():
    # Wordy English in the first half, terse in the second: each window's guess of where its English
    # ends is off, so sentences are left over at window ends (what the open-end costs are for).
    zh = [f"第{k}章讨论了{k}个问题。" for k in range(40)]
    en = [f"Chapter {k} discusses {k} issues at length, with many examples and a few digressions."
          if k < 20 else f"Ch. {k}: {k}." for k in range(40)]
    en[10:12] = [en[10] + " " + en[11]]  # a 2-1 bead in the second window
    en[24:25] = ["Ch. 25 covers", "25 points."]  # and a 1-2 bead in the terse half
    gold = ([((k,), (k,)) for k in range(10)] + [((10, 11), (10,))] + [((k,), (k - 1,)) for k in range(12, 25)]
            + [((25,), (24, 25))] + [((k,), (k,)) for k in range(26, 40)])
    opts = {"use_dictionary": False, "embed_model": None}
    windowed = align_sentences(zh, en, options=AlignOptions(**opts, window=8, max_cells=64))
    assert pairs(windowed) == gold
    # the full grid finds the same, merging three beads where the density changes (lengths alone)
    full = pairs(align_sentences(zh, en, options=AlignOptions(**opts)))
    assert [b for b in full if b not in gold] == [((19, 20, 21), (18, 19, 20))]


@pytest.mark.parametrize("embed_model", [None, "use"])
def test_an_open_window_end_leaves_the_overshoot_unaligned(embed_model):
    # A window's end is a guess: English (or Chinese) sentences that belong to the next window are left
    # as 0-1 (1-0) beads at its end instead of being swallowed by the last real bead.
    from bitext.align import aligner

    zh = ["我们今天去了公园。", "天气非常好。", "他买了三本书，然后回家了。", "经济增长了百分之五。"]
    en = ["We went to the park today.", "The weather was very good.", "He bought three books and went home.",
          "The economy grew by five percent.", "The meeting was held in Beijing.", "Everyone was happy.",
          "It rained later."]
    more_zh = zh + ["会议在北京举行。", "大家都很高兴。", "后来下雨了。"]
    opts = AlignOptions(use_dictionary=False, embed_model=embed_model)

    def solve(z, e, open_end):
        encoded = aligner._Encodings(z, e, None).window(0, len(z), 0, len(e)) if embed_model else None
        return [r[:4] for r in aligner._solve(z, e, None, opts, None, None, encoded, open_end=open_end)]

    diagonal = [(k, k + 1, k, k + 1) for k in range(4)]
    assert solve(zh, en, True) == diagonal + [(4, 4, 4, 5), (4, 4, 5, 6), (4, 4, 6, 7)]
    assert solve(more_zh, en[:4], True) == diagonal + [(4, 5, 4, 4), (5, 6, 4, 4), (6, 7, 4, 4)]
    assert solve(zh, en, False)[-1] == (3, 4, 3, 7)  # a closed end must cover everything in real beads


def test_block_cosines_match_brute_force():
    import numpy as np

    from bitext.align.score.similarity import bag_cosines

    rng = np.random.default_rng(0)
    X, Y = rng.random((6, 9)) * (rng.random((6, 9)) < 0.4), rng.random((7, 9)) * (rng.random((7, 9)) < 0.4)
    types = [t for t in bead_types(5) if t[0] and t[1]]
    cos = bag_cosines(X, Y, types)
    for a, b in [(1, 1), (2, 1), (1, 3), (2, 2)]:
        for i in range(a, 7):
            for j in range(b, 8):
                x, y = X[i - a : i].sum(0), Y[j - b : j].sum(0)
                den = np.linalg.norm(x) * np.linalg.norm(y)
                want = x @ y / den if den else 0.0
                assert abs(cos[types.index((a, b)), i, j] - want) < 1e-5  # float32 products


def test_mt_identical_to_target_scores_the_diagonal_highest():
    from bitext.align.score.similarity import bag_cosines
    from bitext.align.score.vectors import sentence_vectors

    vec = sentence_vectors(ZH[:3], EN[:3], None, mt=EN[:3])
    cos = bag_cosines(vec.zh, vec.en, [(1, 1)])[0]
    for i in range(1, 4):
        assert cos[i].argmax() == i and cos[i, i] > 0.9  # the Chinese anchors (numbers) add a little


@pytest.mark.slow
def test_lexicon_is_cached_on_disk(cache_dir):
    from bitext.align.score import lexicon

    lexicon.load_lexicon.cache_clear()
    first = lexicon.load_lexicon()
    assert list((cache_dir / "align").glob("cedict-*.pickle"))
    lexicon.load_lexicon.cache_clear()
    second = lexicon.load_lexicon()
    assert second.entries == first.entries and "econo" in second.translations("经济")
    lexicon.load_lexicon.cache_clear()


def test_band_gives_the_full_grid_answer():
    zh, en = _long(160)  # 25,600 cells: above band_min_cells, so the coarse-to-fine path runs
    en[40:42] = [en[40] + " " + en[41]]  # one 2-1 bead, to move the path off the diagonal
    banded = align_sentences(zh, en, options=AlignOptions(use_dictionary=False))
    full = align_sentences(zh, en, options=AlignOptions(use_dictionary=False, band_min_cells=10**9))
    assert pairs(banded) == pairs(full)
    assert ((40, 41), (40,)) in pairs(banded)
    check_cover(banded, len(zh), len(en))


def test_unknown_embed_model_is_a_clear_error():
    from bitext.core.errors import BitextError

    with pytest.raises(BitextError, match="no such folder"):
        align_sentences(ZH, EN, mt=EN[:6], options=AlignOptions(embed_model="/no/such/model"))


def test_quotation_state_at_boundaries():
    from bitext.align.score.quotes import boundary_mismatch, en_inside, zh_inside

    en = ["'It's easy for you to talk,' said Gou-er, 'but what do you expect me to do?", "Go out and rob?'",
          "'It's still \"in the Emperor's shadow\", as they say.", "Yes.'", "The boys' toys were \"new\"."]
    assert en_inside(en).tolist() == [False, True, False, True, False, False]
    assert zh_inside(["他说：“你好。", "再见。”", "这‘长安’城。"]).tolist() == [False, True, False, False]
    assert boundary_mismatch(["他说：“你好。", "再见。”"], en[:2]).tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]


def test_quote_mismatch_adds_to_every_bead_ending_there():
    import numpy as np

    from bitext.align.score.cost import bead_costs

    zl, el = np.array([10.0, 12.0]), np.array([40.0, 8.0, 30.0])
    types = bead_types(4)
    cos = np.zeros((len([t for t in types if t[0] and t[1]]), 3, 4))
    boundary = np.zeros((3, 4))
    boundary[1, 1] = 0.3  # Chinese outside a quotation after sentence 0, English inside after sentence 0
    plain = bead_costs([(cos, 1.0)], zl, el, types, AlignOptions())
    quoted = bead_costs([(cos, 1.0)], zl, el, types, AlignOptions(), boundary=boundary)
    for t in types:
        finite = np.isfinite(plain[t])
        assert (np.isfinite(quoted[t]) == finite).all()
        assert np.allclose(quoted[t][finite] - plain[t][finite], 0.3 * (boundary[finite] > 0))


def _paths(costs, types, n, m, i=0, j=0):
    if (i, j) == (n, m):
        yield []
        return
    for a, b in types:
        if i + a <= n and j + b <= m and np.isfinite(costs[(a, b)][i + a, j + b]):
            for rest in _paths(costs, types, n, m, i + a, j + b):
                yield [(i, i + a, j, j + b)] + rest


def test_posteriors_match_enumerating_every_path():
    rng = np.random.default_rng(3)
    n, m, T = 4, 5, 0.7
    types = bead_types(4)
    costs = {t: rng.uniform(0, 2, (n + 1, m + 1)) for t in types}
    for (a, b), c in costs.items():
        c[:a, :] = np.inf
        c[:, :b] = np.inf
        c[rng.random(c.shape) < 0.15] = np.inf  # holes, as a band leaves
    paths = list(_paths(costs, types, n, m))
    weight = np.array([np.exp(-sum(costs[(i1 - i0, j1 - j0)][i1, j1] for i0, i1, j0, j1 in p) / T) for p in paths])
    best = solve(costs, n, m)
    brute = [weight[[k for k, p in enumerate(paths) if bead in p]].sum() / weight.sum() for bead in best]
    np.testing.assert_allclose(posteriors(costs, n, m, best, T), brute, rtol=1e-9)


def test_posteriors_in_a_band_equal_the_full_grid():
    rng = np.random.default_rng(4)
    n, m = 60, 70
    types = bead_types(4)
    base = {t: rng.uniform(0.5, 2.0, (n + 1, m + 1)) for t in types}
    for i in range(n + 1):  # a cheap diagonal, so the band follows it
        j = round(i * m / n)
        base[(1, 1)][i, j] = 0.1

    def score(i0, i1, j0, j1, kinds, ratio, skip):
        out = {}
        for a, b in kinds:
            c = base[(a, b)][i0 : i1 + 1, j0 : j1 + 1].copy()
            c[:a, :] = np.inf  # beads that would start before the slice
            c[:, :b] = np.inf
            out[(a, b)] = c
        return out

    costs, band = banded_costs(score, n, m, types, 1.0, margin=5)
    best = solve(costs, n, m, band)
    assert solve(costs, n, m) == best
    np.testing.assert_allclose(posteriors(costs, n, m, best, 0.3, band), posteriors(costs, n, m, best, 0.3),
                               rtol=1e-9)


def test_paragraph_lengths_plausible_within_a_factor_of_three_of_the_document():
    from bitext.align.paragraphs import lengths_plausible

    zh, en = ["字" * 16] * 7, ["e" * 5] * 7
    # 8 pairs, 128 Chinese characters: English 7·5 + x; ratio x/16 against 3 × (35 + x)/128
    assert lengths_plausible(zh + ["字" * 16], en + ["e" * 21], 1.0)  # exactly three times: 1.3125
    assert not lengths_plausible(zh + ["字" * 16], en + ["e" * 22], 1.0)
    assert not lengths_plausible(["字" * 16] * 8 + ["字" * 40], ["e" * 16] * 8 + ["e" * 5], 1.0)  # a third too short
    # short lines (headings) are not judged: under 10 Chinese characters and 40 English ones
    base_zh, base_en = ["字" * 16] * 8, ["e" * 16] * 8
    assert lengths_plausible(base_zh + ["字" * 9], base_en + ["e" * 39], 1.0)
    assert not lengths_plausible(base_zh + ["字" * 9], base_en + ["e" * 40], 1.0)
    assert lengths_plausible([], [], 1.0) and lengths_plausible(["字" * 16], ["e" * 16], 1.0)
    assert not lengths_plausible(base_zh + ["字" * 10], base_en + ["e" * 39], 1.0)  # 10 characters are judged
    # the lower bound, exactly: English 7·23 + x against 128 characters, x/16 against a third of it
    assert lengths_plausible(["字" * 16] * 8, ["e" * 23] * 7 + ["e" * 7], 1.0)
    assert not lengths_plausible(["字" * 16] * 8, ["e" * 23] * 7 + ["e" * 6], 1.0)
    # a short line does not end the judging; an empty Chinese paragraph is judged without dividing by 0
    assert not lengths_plausible(["字" * 5] + base_zh + ["字" * 40], ["e" * 5] + base_en + ["e" * 5], 1.0)
    assert not lengths_plausible([""] + base_zh, ["e" * 45] + base_en, 1.0)


def test_term_lookup_finds_every_contained_term_overlapping_ones_too():
    terms = [Term("党中央", "Party Central Committee"), Term("中央", "central"), Term("中央", "the centre"),
             Term("放管服", "streamline administration")]
    lookup = term_lookup(terms)
    found = lookup("坚决维护党中央权威")
    assert sorted(found) == [("中央", ("central",)), ("中央", ("the centre",)), ("党中央", ("Party Central Committee",))]
    assert lookup("没有术语") == []
    assert term_lookup([])("党中央") == []
    assert term_lookup([("", "x")])("党中央") == []
    zh, en = term_anchors(["维护党中央权威。"], ["Uphold the authority of the Party Central Committee.", "Nothing."], lookup)
    assert zh == [{"=党中央", "=中央"}] and en == [{"=党中央", "=中央"}, set()]
