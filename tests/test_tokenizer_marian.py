"""The torch-free Marian tokenizer gives MarianTokenizer's pieces, counts and decodes, token for token."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_model import EXTRA_EN, EXTRA_ZH, corpus

from bitext.translate.backends.base import GenerationOptions
from bitext.translate.backends.model_source import resolve_model
from bitext.translate.backends.tokenizer import HFTokenizer, MarianPieces, load_tokenizer

REPO = Path(__file__).resolve().parents[1]
BENCH_MODEL = REPO / "bench" / ".cache" / "opus-mt-zh-en-random"

REALISTIC = [
    "", " ", "\n", "。", "会议强调，要增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    "据统计，全年地区生产总值增长6.5%，城乡居民人均可支配收入分别增长5.2%和7.8%。",
    "2021年4月19日 星期一 第3版（要闻）", "《人民日报》记者 张三 报道：", "COVID-19疫情防控；GDP同比增长8.1%！",
    "习近平在G20峰会上发表讲话……", "全角１２３ＡＢＣ，半角123ABC, mixed  spaces\tand\ttabs",
    "“为人民服务”是根本宗旨！？", "a </s> inside <unk> and <pad>text", "</s></s>", ">>eng<< 开头的语言代码",
    "emoji 🇨🇳 和罕见字 𠀀 龘", "Traditional 經濟發展與環境保護", "  leading and trailing spaces  ",
    "党员干部推进乡村振兴，企业支持科技创新。" * 40,
]
ALPHABET = st.sampled_from(list("党员干部基层组织推进乡村振兴经济发展，。、；：？！“”‘’（）《》—…·0123456789abcXYZ -'\".,%")
                           + ["</s>", "<unk>", "<pad>", ">>en<<", "\n", "\t", "１", "Ａ", "😀", "龘"])


def hf_pieces(hf, text: str) -> list[str]:
    return hf.convert_ids_to_tokens(hf(text, add_special_tokens=True)["input_ids"])


def hf_decode(hf, row: list[str]) -> str:
    return hf.decode(hf.convert_tokens_to_ids(row), skip_special_tokens=True).strip()


@pytest.fixture(scope="module")
def pair(tiny_model_dir):
    source = resolve_model(str(tiny_model_dir))
    return MarianPieces(source.path), HFTokenizer(source, GenerationOptions()).hf


def test_marian_dir_is_recognised_and_chosen_for_the_light_path(tiny_model_dir):
    source = resolve_model(str(tiny_model_dir))
    assert MarianPieces.supports(source.path)
    assert isinstance(load_tokenizer(source, GenerationOptions(), light=True), MarianPieces)
    assert isinstance(load_tokenizer(source, GenerationOptions(), light=False), HFTokenizer)
    # Language options keep the transformers tokenizer, which knows what to do with them.
    assert isinstance(load_tokenizer(source, GenerationOptions(tgt_lang="</s>"), light=True), HFTokenizer)


@pytest.mark.parametrize("change", [
    {"separate_vocabs": True}, {"tokenizer_class": "NllbTokenizer"}, {"sp_model_kwargs": {"enable_sampling": True}},
    {"added_tokens_decoder": {"0": {"content": "</s>", "lstrip": True, "special": True}}},
])
def test_unusual_tokenizer_configs_fall_back_to_transformers(tiny_model_dir, tmp_path, change):
    copy = tmp_path / "model"
    shutil.copytree(tiny_model_dir, copy)
    config = json.loads((copy / "tokenizer_config.json").read_text())
    (copy / "tokenizer_config.json").write_text(json.dumps({**config, **change}))
    assert not MarianPieces.supports(copy)


def test_realistic_strings_encode_and_count_like_marian(pair):
    ours, hf = pair
    texts = REALISTIC + EXTRA_ZH + [zh for zh, _ in corpus()[::7]]
    assert ours.encode(texts) == [hf_pieces(hf, t) for t in texts]
    assert ours.count(texts) == [len(hf(t)["input_ids"]) for t in texts]
    assert ours.model_max_length == hf.model_max_length == 64
    assert any("<unk>" in row for row in ours.encode(texts))  # unknown pieces really occur


@given(st.lists(ALPHABET, max_size=80).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_encodes_like_marian(pair, text):
    ours, hf = pair
    assert ours.encode([text]) == [hf_pieces(hf, text)]


@given(st.lists(st.integers(0, 10_000), max_size=40), st.randoms(use_true_random=False))
@settings(max_examples=300, deadline=None)
def test_any_target_pieces_decode_like_marian(pair, picks, rng):
    ours, hf = pair
    vocab = sorted(hf.get_vocab(), key=hf.get_vocab().get)
    row = [vocab[i % len(vocab)] if i % 13 else rng.choice(["</s>", "<unk>", "<pad>", "▁notapiece", "x"])
           for i in picks]
    assert ours.decode([row]) == [hf_decode(hf, row)]


def test_english_sentences_round_trip_like_marian(pair):
    ours, hf = pair
    for en in EXTRA_EN + [e for _, e in corpus()[::11]]:
        row = hf.convert_ids_to_tokens(hf(text_target=en)["input_ids"])
        assert ours.decode([row]) == [hf_decode(hf, row)]


@pytest.mark.skipif(not (BENCH_MODEL / "vocab.json").is_file(), reason="benchmark model not built "
                    "(python bench/build_bench_model.py)")
def test_benchmark_tokenizer_matches_marian_on_real_paragraphs():
    from transformers import AutoTokenizer

    hf = AutoTokenizer.from_pretrained(BENCH_MODEL)
    ours = MarianPieces(BENCH_MODEL)
    seed = REPO.parent / "shared" / "seed"
    lines = [line for f in sorted(seed.glob("*.txt"))[:5] for line in f.read_text(encoding="utf-8").splitlines()]
    texts = REALISTIC + EXTRA_ZH + [t for t in lines if t.strip()][:300]
    assert ours.encode(texts) == [hf_pieces(hf, t) for t in texts]
    rng = random.Random(0)
    vocab = sorted(hf.get_vocab(), key=hf.get_vocab().get)
    rows = [[rng.choice(vocab) for _ in range(rng.randint(0, 60))] for _ in range(200)]
    assert ours.decode(rows) == [hf_decode(hf, r) for r in rows]


def test_ctranslate2_run_on_a_marian_model_never_imports_torch(tiny_model_dir, cache_dir):
    pytest.importorskip("ctranslate2")
    from bitext.translate.backends.convert import ensure_converted

    ensure_converted(resolve_model(str(tiny_model_dir)), "int8")  # converting needs transformers; running not
    code = (
        "import sys\n"
        "from bitext.translate.backends import create_backend\n"
        "from bitext.translate.backends.base import GenerationOptions\n"
        f"b = create_backend('ctranslate2', {str(tiny_model_dir)!r}, GenerationOptions(beams=1), device='cpu')\n"
        "out = b.translate(['我们推进乡村振兴。', '', '政府支持科技创新。'])\n"
        "assert len(out) == 3 and out[0] and not out[1], out\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
