"""Behaviours no other test pinned down (issue 18): each of these fails on a plausible one-point bug.

- the DP returns the cheapest path (brute force on small random cost matrices, banded and not);
- every generation option and the glossary reach the cache key, and the runner uses the real key;
- the aligner itself marks poor beads low-confidence and leaves good ones alone;
- sentence offsets point into the joined text of n:m paragraph groups;
- 〈…〉 is a title in the Chinese splitter; the earliest enforcement round wins ties.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.align.aligner import AlignOptions, align_documents, align_sentences
from bitext.align.dp import solve
from bitext.align.split import split_en, split_zh
from bitext.core.flags import FLAG_LOW_CONFIDENCE
from bitext.core.terms import Term
from bitext.glossary.enforce import enforce
from bitext.glossary.store import Glossary
from bitext.translate.backends.base import GenerationOptions

from fakes import EchoBackend

# ------------------------------------------------------------------------------------------ DP


def brute_force(costs: dict[tuple[int, int], np.ndarray], n: int, m: int) -> float:
    """The cheapest total over every sequence of beads covering both sides (exponential: tiny n, m)."""
    best = math.inf

    def walk(i: int, j: int, total: float) -> None:
        nonlocal best
        if total >= best:
            return
        if i == n and j == m:
            best = total
            return
        for (a, b), c in costs.items():
            if i + a <= n and j + b <= m and (a or b):
                walk(i + a, j + b, total + c[i + a, j + b])

    walk(0, 0, 0.0)
    return best


def path_cost(costs, beads) -> float:
    return sum(costs[(i1 - i0, j1 - j0)][i1, j1] for i0, i1, j0, j1 in beads)


TYPES = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)]


TYPE_SETS = [TYPES, TYPES[:3], [(1, 1), (0, 1), (1, 2)], [(1, 1), (2, 1), (1, 2)], [(1, 1)], [(1, 0), (0, 1)],
             [(0, 1), (1, 1), (3, 1)]]


@given(st.integers(0, 4), st.integers(0, 4), st.integers(0, 2**32 - 1), st.sampled_from(TYPE_SETS))
@settings(max_examples=300, deadline=None)
def test_dp_finds_the_cheapest_path(n, m, seed, types):
    rng = np.random.default_rng(seed)
    costs = {}
    for t in types:
        c = rng.uniform(0.0, 5.0, size=(n + 1, m + 1))
        c[rng.uniform(size=c.shape) < 0.15] = np.inf  # some beads forbidden
        costs[t] = c
    want = brute_force(costs, n, m)
    if not math.isfinite(want):
        with pytest.raises(ValueError):
            solve(costs, n, m)
        return
    beads = solve(costs, n, m)
    assert [b[:2] for b in beads] == [(b[0], b[1]) for b in beads]
    assert beads[0][0] == 0 and beads[0][2] == 0 and beads[-1][1] == n and beads[-1][3] == m if beads else n == m == 0
    for (a0, a1, b0, b1), (c0, _, d0, _) in zip(beads, beads[1:]):
        assert (a1, b1) == (c0, d0)
    assert path_cost(costs, beads) == pytest.approx(want)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
@settings(max_examples=150, deadline=None)
def test_banded_dp_is_optimal_inside_its_band(n, m, seed):
    rng = np.random.default_rng(seed)
    costs = {t: rng.uniform(0.0, 5.0, size=(n + 1, m + 1)) for t in TYPES}
    # A band around the diagonal: costs outside it are +inf, as banded_costs leaves them.
    lo = np.array([max(0, round(i * m / n) - 2) for i in range(n + 1)])
    hi = np.array([min(m, round(i * m / n) + 2) for i in range(n + 1)])
    lo[0], hi[n] = 0, m
    for c in costs.values():
        for i in range(n + 1):
            c[i, :lo[i]] = np.inf
            c[i, hi[i] + 1:] = np.inf
    want = brute_force(costs, n, m)
    if not math.isfinite(want):
        return
    assert path_cost(costs, solve(costs, n, m, (lo, hi))) == pytest.approx(want)


def test_dp_can_end_with_every_bead_type():
    # An off-by-one that forbids a bead type at the last row or column must fail here.
    for a, b in TYPES:
        n, m = a + 1, b + 1
        costs = {t: np.full((n + 1, m + 1), 10.0) for t in TYPES}
        costs[(1, 1)][1, 1] = 0.0
        costs[(a, b)][n, m] = 0.0
        beads = solve(costs, n, m)
        assert beads[-1] == (1, n, 1, m), (a, b)


# ----------------------------------------------------------------------------------- cache key


def test_every_generation_option_changes_the_cache_key_and_batch_size_does_not():
    base = GenerationOptions()
    keys = {base.cache_key()}
    for field, value in [("beams", 5), ("max_length_ratio", 2.0), ("max_new_tokens", 256), ("src_lang", "zho_Hans"),
                         ("tgt_lang", "eng_Latn")]:
        changed = dataclasses.replace(base, **{field: value}).cache_key()
        assert changed not in keys, field
        keys.add(changed)
    assert dataclasses.replace(base, batch_size=3).cache_key() == base.cache_key()
    assert set(f.name for f in dataclasses.fields(GenerationOptions)) == {
        "beams", "batch_size", "max_length_ratio", "max_new_tokens", "src_lang", "tgt_lang"}, \
        "a new generation option must be added to the cache key and to this test"


class CountingEcho(EchoBackend):
    def __init__(self):
        super().__init__(limit=40)
        self.sent = 0

    def translate(self, texts):
        self.sent += len(texts)
        return super().translate(texts)


def run_once(tmp_path, generation: GenerationOptions, glossary_files=(), mode="enforce") -> int:
    from bitext.translate.pipeline import TranslateOptions
    from bitext.translate.runner import RunOptions, translate_files

    backend = CountingEcho()
    summary = translate_files([str(tmp_path / "a.txt")], RunOptions(
        out_dir=tmp_path / "out", formats=("txt",), generation=generation, builtin_glossary=False,
        glossary_files=tuple(glossary_files), translate=TranslateOptions(glossary_mode=mode)), backend=backend)
    assert not summary.failed
    return backend.sent


def test_runner_cache_misses_when_an_option_changes_and_hits_otherwise(tmp_path, cache_dir):
    (tmp_path / "a.txt").write_text("党员干部深入基层。倾听群众呼声。\n", encoding="utf-8")
    first = run_once(tmp_path, GenerationOptions())
    assert first == 2
    assert run_once(tmp_path, GenerationOptions()) == 0  # everything from the cache
    assert run_once(tmp_path, GenerationOptions(batch_size=1)) == 0  # batching changes no output
    assert run_once(tmp_path, GenerationOptions(beams=2)) == 2
    assert run_once(tmp_path, GenerationOptions(max_new_tokens=100)) == 2
    assert run_once(tmp_path, GenerationOptions(max_length_ratio=2.5)) == 2


def test_a_glossary_change_retranslates_exactly_the_segments_it_touches(tmp_path, cache_dir):
    (tmp_path / "a.txt").write_text("党员干部深入基层。倾听群众呼声。\n", encoding="utf-8")
    assert run_once(tmp_path, GenerationOptions()) == 2
    glossary = tmp_path / "g.tsv"
    # The echo backend never realises a term, so enforcement retries the touched segment with other
    # strategies: new text sent to the model, hence new cache keys, for that segment alone.
    glossary.write_text("zh\ten\n基层\tthe grassroots\n", encoding="utf-8")
    sent = run_once(tmp_path, GenerationOptions(), [glossary])
    assert sent >= 1
    assert run_once(tmp_path, GenerationOptions(), [glossary]) == 0


# ------------------------------------------------------------------------------ confidence flags


def test_the_aligner_flags_poor_beads_and_not_good_ones():
    zh = ["我们今天去了公园。", "经济增长了百分之五。", "会议在北京举行。", "他买了三本书。"]
    good = ["We went to the park today.", "The economy grew by five percent.", "The meeting was held in Beijing.",
            "He bought three books."]
    beads = align_sentences(zh, good)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(4)]
    assert not any(FLAG_LOW_CONFIDENCE in b.flags for b in beads)
    unrelated = ["Quantum chromodynamics describes quarks.", "A recipe needs flour, eggs and milk, whisked slowly "
                 "for a long time until the batter is smooth and glossy.", "Ok.", "Penguins live in the south."]
    poor = align_sentences(zh, unrelated)
    flagged = [b for b in poor if FLAG_LOW_CONFIDENCE in b.flags]
    assert flagged, [(b.src, b.tgt, b.score) for b in poor]
    assert all(b.score < AlignOptions().low_confidence for b in flagged)
    assert min(b.score for b in beads) > max(b.score for b in flagged)


# ----------------------------------------------------------------------------- n:m group offsets


def test_sentence_offsets_point_into_joined_paragraph_groups():
    zh = ["我们今天去了公园。天气非常好。", "他买了三本书。然后回家了。", "经济增长了百分之五。会议在北京举行。"]
    # The translator merged the first two paragraphs: groups are 2:1 and 1:1.
    en = ["We went to the park today. The weather was very good. He bought three books. Then he went home.",
          "The economy grew by five percent. The meeting was held in Beijing."]
    paragraphs = align_documents(zh, en)
    assert [(p.source.count("\n"), p.target.count("\n")) for p in paragraphs] == [(1, 0), (0, 0)]
    assert paragraphs[0].source == zh[0] + "\n" + zh[1]
    for p in paragraphs:
        for s in p.src_sentences:
            assert p.source[s.start:s.end] == s.text
        for s in p.tgt_sentences:
            assert p.target[s.start:s.end] == s.text
    second = [s.text for s in paragraphs[0].src_sentences]
    assert second == ["我们今天去了公园。", "天气非常好。", "他买了三本书。", "然后回家了。"]
    assert paragraphs[0].src_sentences[2].start == len(zh[0]) + 1
    covered = [i for p in paragraphs for b in p.beads for i in b.src]
    assert covered == list(range(4)) + list(range(2))


# ---------------------------------------------------------------------- splitter and enforcement


def test_angle_bracket_titles_do_not_split():
    text = "他在〈论持久战。续篇〉中写道。第二句。"
    assert [s.text for s in split_zh(text)] == ["他在〈论持久战。续篇〉中写道。", "第二句。"]
    text = "他读了《决定。说明》一文。第二句。"
    assert [s.text for s in split_zh(text)] == ["他读了《决定。说明》一文。", "第二句。"]
    assert [s.text for s in split_en("He read it. Then left.")] == ["He read it.", "Then left."]


def test_the_earliest_round_wins_a_tie():
    glossary = Glossary([Term("乡村振兴", "rural revitalization"), Term("党支部", "Party branch")])
    source = "推进乡村振兴，加强党支部建设。"
    calls = []

    def translate(texts):
        calls.append(list(texts))
        # Every round realises exactly one of the two terms: a tie on count after each round.
        return [f"round {len(calls)}: rural revitalization and something" for _ in texts]

    (result,) = enforce([source], translate, glossary, "enforce")
    assert len(calls) == 3  # model, placeholder, inline: still one term missing after each
    assert result.text.startswith("round 1:")
    assert sum(c.realised for c in result.checks) == 1
    assert [c.how for c in result.checks if not c.realised] == ["flagged"]


def test_a_later_round_that_realises_more_wins():
    glossary = Glossary([Term("乡村振兴", "rural revitalization"), Term("党支部", "Party branch")])
    answers = iter(["nothing here", "rural revitalization only", "rural revitalization and the Party branch"])
    (result,) = enforce(["推进乡村振兴，加强党支部建设。"], lambda texts: [next(answers) for _ in texts], glossary)
    assert result.text == "rural revitalization and the Party branch"
    assert all(c.realised for c in result.checks)
