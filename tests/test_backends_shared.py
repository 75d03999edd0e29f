"""Rules both backends share (caps, input limit, batch sizes) and the transformers beam-search cache."""

from __future__ import annotations

import pytest

from tiny_model import EXTRA_ZH, corpus

from bitext.translate.backends.base import DEFAULT_BATCH_SIZE, GenerationOptions
from bitext.translate.backends.model_source import resolve_model
from bitext.translate.backends.tokenizer import input_limit
from bitext.translate.engine import Engine

from fakes import EchoBackend

TEXTS = [zh for zh, _ in corpus()[::13]] + EXTRA_ZH[:6]


def test_generation_caps_rule():
    options = GenerationOptions(max_length_ratio=3.0, max_new_tokens=512)
    assert options.caps([5, 20, 1000]) == [25, 70, 512]
    assert GenerationOptions(max_length_ratio=1000.0, max_new_tokens=48).caps([1, 300]) == [48, 48]


def test_input_limit_rule():
    assert input_limit(64, {"max_position_embeddings": 256}) == 64
    assert input_limit(10**30, {"max_position_embeddings": 512}) == 512  # the tokenizer's "no limit"
    assert input_limit(1024, {"max_position_embeddings": 512}) == 512
    assert input_limit(None, {}) is None


def test_engine_takes_the_backends_batch_size_unless_told():
    backend = EchoBackend(limit=1000)
    assert Engine(backend).batch_size == DEFAULT_BATCH_SIZE
    backend.batch_size = 40
    assert Engine(backend).batch_size == 40
    assert Engine(backend, batch_size=3).batch_size == 3


@pytest.mark.parametrize("fixture", ["trained_model_dir", "tiny_model_dir"])
def test_beam_cache_gives_exactly_generates_own_results(fixture, request):
    """Skipping the cross-attention reorder must not change a single token or score."""
    import torch

    from bitext.translate.backends.transformers_backend import TransformersBackend, beam_cache

    backend = TransformersBackend(resolve_model(str(request.getfixturevalue(fixture))), GenerationOptions(beams=4),
                                  device="cpu")
    batch = backend.tokenizer(TEXTS, return_tensors="pt", padding=True)
    kwargs = {"num_beams": 4, "max_new_tokens": 30, "return_dict_in_generate": True, "output_scores": True}
    with torch.inference_mode():
        plain = backend.model.generate(**batch, **kwargs)
        ours = backend.model.generate(**batch, **kwargs, cache=beam_cache(backend.model))
    assert torch.equal(plain.sequences, ours.sequences)
    assert torch.equal(plain.sequences_scores, ours.sequences_scores)
    assert len({tuple(row.tolist()) for row in ours.sequences}) > 1  # beams really chose different outputs


def test_ctranslate2_batch_size_and_token_budget():
    pytest.importorskip("ctranslate2")
    from bitext.translate.backends.ctranslate2_backend import DECODE_TOKENS, ThreadPlan

    plan = ThreadPlan(workers=2, threads=1)
    # Short inputs: every worker gets half the call.
    assert plan.sub_batch_tokens([40] * 32, beams=4) == 16 * 40
    # Long inputs: sub-batches stop at the memory budget (but always fit the longest input).
    assert plan.sub_batch_tokens([250] * 32, beams=4) == DECODE_TOKENS // 4
    assert plan.sub_batch_tokens([5000], beams=4) == 5000
    assert plan.sub_batch_tokens([250] * 32, beams=1) == min(16 * 250, DECODE_TOKENS)


@pytest.mark.parametrize("n,size,expected", [
    (0, 16, []), (3, 16, [3]), (16, 16, [16]), (20, 16, [20]), (24, 16, [16, 8]), (40, 16, [16, 16, 8]),
    (10, 3, [3, 3, 4]), (7, 1, [1] * 7), (33, 16, [16, 17]),
])
def test_batches_never_end_on_a_small_tail(n, size, expected):
    from bitext.translate.engine import batch_bounds

    bounds = batch_bounds(n, size)
    assert [b - a for a, b in bounds] == expected
    assert [a for a, _ in bounds] == [0, *(b for _, b in bounds[:-1])][:len(bounds)]  # contiguous
    assert sum(b - a for a, b in bounds) == n  # nothing lost
