"""CTranslate2 backend: same outputs as transformers, converted once, order kept, clear errors."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("ctranslate2")

from tiny_model import EXTRA_ZH, corpus  # noqa: E402

from bitext.translate.backends import convert  # noqa: E402
from bitext.translate.backends.base import GenerationOptions  # noqa: E402
from bitext.translate.backends.ctranslate2_backend import CTranslate2Backend, plan_threads  # noqa: E402
from bitext.translate.backends.model_source import resolve_model  # noqa: E402
from bitext.core.errors import BitextError, ModelUnavailable  # noqa: E402

GREEDY = GenerationOptions(beams=1)
# Template sentences the trained model knows, plus longer lines that run into the generation cap.
TEXTS = [zh for zh, _ in corpus()[::9]] + EXTRA_ZH


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("ct2-cache"))


@pytest.fixture(scope="module")
def trained_source(trained_model_dir):
    return resolve_model(str(trained_model_dir))


@pytest.fixture(scope="module")
def float32_backend(trained_source, ct2_cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BITEXT_CACHE_DIR", ct2_cache)
        return CTranslate2Backend(trained_source, GREEDY, device="cpu", quantization="float32")


@pytest.fixture(scope="module")
def transformers_backend(trained_source):
    from bitext.translate.backends.transformers_backend import TransformersBackend

    return TransformersBackend(trained_source, GREEDY, device="cpu")


def test_greedy_float32_outputs_identical_to_transformers(float32_backend, transformers_backend):
    expected = transformers_backend.translate(TEXTS)
    got = float32_backend.translate(TEXTS)
    assert got == expected
    # The trained model really translates, so equality is not two empty lists agreeing.
    assert sum(out.startswith(("We ", "They ", "The ")) for out in got) >= len(corpus()[::9]) // 2


def test_random_weights_hit_the_same_caps_as_transformers(tiny_model_dir, cache_dir):
    """Random weights never stop on their own: every output runs into its length cap, so this checks
    that both backends cut each input at its own cap, whatever else shares the batch."""
    from bitext.translate.backends.transformers_backend import TransformersBackend

    source = resolve_model(str(tiny_model_dir))
    texts = TEXTS[:4] + EXTRA_ZH[:4]
    expected = TransformersBackend(source, GREEDY, device="cpu").translate(texts)
    got = CTranslate2Backend(source, GREEDY, device="cpu", quantization="float32").translate(texts)
    assert got == expected
    assert len(set(map(len, got))) > 1  # different caps really were in play


def test_token_counts_and_input_limit_match_transformers(float32_backend, transformers_backend):
    assert float32_backend.count_tokens(TEXTS) == transformers_backend.count_tokens(TEXTS)
    assert float32_backend.max_input_tokens == transformers_backend.max_input_tokens == 64


def test_order_count_and_blank_inputs(float32_backend):
    a, b = TEXTS[0], TEXTS[3]
    out = float32_backend.translate(["", a, "   ", b, ""])
    assert len(out) == 5
    assert out[0] == out[2] == out[4] == ""
    assert [out[1], out[3]] == float32_backend.translate([a, b])
    assert out[1] != out[3]
    assert float32_backend.translate([]) == []
    reversed_out = float32_backend.translate(TEXTS[::-1])
    assert reversed_out == float32_backend.translate(TEXTS)[::-1]


def test_conversion_happens_once_and_is_reused(trained_source, cache_dir, monkeypatch):
    calls = []
    real = convert.run_converter
    monkeypatch.setattr(convert, "run_converter", lambda *a: calls.append(a) or real(*a))

    first = CTranslate2Backend(trained_source, GREEDY, device="cpu")
    model_bin = first.conversion.path / "model.bin"
    stamp = model_bin.stat().st_mtime_ns
    second = CTranslate2Backend(trained_source, GREEDY, device="cpu")

    assert len(calls) == 1
    assert first.conversion.converted and not second.conversion.converted
    assert second.conversion.path == first.conversion.path
    assert first.conversion.path.parent == cache_dir / "ct2"
    assert model_bin.stat().st_mtime_ns == stamp
    # The directory is usable on its own: the tokenizer files sit next to the weights.
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        assert (first.conversion.path / name).is_file(), name
    assert second.translate(TEXTS[:3]) == first.translate(TEXTS[:3])

    CTranslate2Backend(trained_source, GREEDY, device="cpu", quantization="float32")
    assert len(calls) == 2  # another quantization is another conversion


def test_identity_names_backend_quantization_and_weights(float32_backend, trained_source, cache_dir):
    int8 = CTranslate2Backend(trained_source, GREEDY, device="cpu", quantization="int8")
    assert float32_backend.identity != int8.identity
    assert "float32" in float32_backend.identity and "int8" in int8.identity
    assert trained_source.fingerprint in int8.identity
    assert len(int8.translate(TEXTS)) == len(TEXTS)


def test_missing_ctranslate2_says_how_to_install(trained_source, cache_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # makes `import ctranslate2` fail
    with pytest.raises(BitextError, match=r"bitext\[fast\]"):
        CTranslate2Backend(trained_source, GREEDY)


def test_unknown_quantization_is_a_usage_error(trained_source, cache_dir):
    with pytest.raises(BitextError, match="int8_float32"):
        CTranslate2Backend(trained_source, GREEDY, quantization="int4")


def test_corrupt_cached_conversion_names_the_directory(trained_source, cache_dir):
    path = convert.cached_path(trained_source, "int8")
    convert.ensure_converted(trained_source, "int8")
    (path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ModelUnavailable, match="Delete that directory"):
        CTranslate2Backend(trained_source, GREEDY, device="cpu")


def test_unsupported_device(trained_source, cache_dir):
    with pytest.raises(BitextError, match="cpu' or 'cuda"):
        CTranslate2Backend(trained_source, GREEDY, device="mps")


def test_output_dir_that_holds_something_else_is_refused(trained_source, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BitextError, match="not a bitext CTranslate2 conversion"):
        convert.ensure_converted(trained_source, "int8", tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_thread_plan_from_measurements():
    assert plan_threads(2, 16) == (2, 1)  # measured best on 2 cores: 2 workers × 1 thread
    assert plan_threads(1, 16) == (1, 1)
    assert plan_threads(16, 16) == (2, 8)  # each worker keeps a sub-batch of 8
    assert plan_threads(2, 16, workers=1) == (1, 2)
    assert plan_threads(2, 16, threads=2) == (1, 2)
    assert plan_threads(2, 16, threads=3, workers=3) == (3, 3)  # explicit choices are obeyed
    assert plan_threads(8, 16, device="cuda") == (1, 1)
    assert plan_threads(2, 16).sub_batch(16) == 8 and plan_threads(2, 16).sub_batch(3) == 2


@given(cores=st.integers(1, 256), batch=st.integers(1, 512))
def test_thread_plan_never_oversubscribes(cores, batch):
    plan = plan_threads(cores, batch)
    assert plan.workers >= 1 and plan.threads >= 1
    assert plan.workers * plan.threads <= cores
    assert plan.sub_batch(batch) * plan.workers >= batch
