"""Build (or reuse) the benchmark model: opus-mt-zh-en's exact architecture with random weights.

Decoding speed depends on the shapes, not on the weight values, so a random model with the real
config (d_model 512, 6+6 layers, 8 heads, FFN 2048, vocab 65,001, 512 positions; </s>=0, <unk>=1,
<pad>=65000 = decoder start) decodes exactly as fast as the real one once generation is capped at a
fixed length. The tokenizer is a real-size SentencePiece model trained offline on Chinese text
generated from ../shared/seed (when present) or from the sample below.

    python bench/build_bench_model.py            # prints the model directory
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
CACHE = BENCH_DIR / ".cache"
sys.path.insert(0, str(BENCH_DIR.parent / "tests"))  # the OPUS-MT vocab layout is built the tests' way

from tiny_model import opus_vocab  # noqa: E402

MODEL_DIR = CACHE / "opus-mt-zh-en-random"
SEED_DIR = BENCH_DIR.parent.parent / "shared" / "seed"

# config.json of Helsinki-NLP/opus-mt-zh-en (the 2022 Hub revision; the 2020 one lacks the last
# four keys, which do not change the architecture).
OPUS_MT_ZH_EN_CONFIG = {
    "activation_dropout": 0.0, "activation_function": "swish", "add_bias_logits": False,
    "add_final_layer_norm": False, "architectures": ["MarianMTModel"], "attention_dropout": 0.0,
    "bos_token_id": 0, "classif_dropout": 0.0, "d_model": 512, "decoder_attention_heads": 8,
    "decoder_ffn_dim": 2048, "decoder_layerdrop": 0.0, "decoder_layers": 6, "decoder_start_token_id": 65000,
    "dropout": 0.1, "encoder_attention_heads": 8, "encoder_ffn_dim": 2048, "encoder_layerdrop": 0.0,
    "encoder_layers": 6, "eos_token_id": 0, "init_std": 0.02, "is_encoder_decoder": True,
    "max_position_embeddings": 512, "model_type": "marian", "normalize_before": False,
    "normalize_embedding": False, "num_hidden_layers": 6, "pad_token_id": 65000, "scale_embedding": True,
    "static_position_embeddings": True, "vocab_size": 65001, "decoder_vocab_size": 65001,
    "forced_eos_token_id": 0, "classifier_dropout": 0.0, "share_encoder_decoder_embeddings": True,
}
# generation_config.json as OPUS-MT models ship it.
GENERATION = {"bad_words_ids": [[65000]], "bos_token_id": 0, "decoder_start_token_id": 65000,
              "eos_token_id": 0, "forced_eos_token_id": 0, "max_length": 512, "num_beams": 6,
              "pad_token_id": 65000}

# Used when ../shared/seed is absent: Party-press style prose written for this benchmark.
SAMPLE_ZH = """
近年来，各级党组织和广大党员干部坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的路线方针政策，
推动经济社会高质量发展取得新成效。全区建立临时党支部21个，选派69名党员干部到项目一线挂职锻炼，攻克一批历史遗留项目。
坚持“创”的劲头，全力推进改革创新。突出创新驱动，以国企党建引领基金集聚发展，321家股权投资类企业落户集聚区。
深化“放管服”改革，营商环境考核成绩排名全市第一；打造特色小镇，相关做法作为典型经验获国家发改委发文推广。
坚持人民至上、生命至上，织密五级防控网，号召全区700多个基层党组织、2万余名党员投身疫情防控第一线。
会议强调，要增强“四个意识”、坚定“四个自信”、做到“两个维护”，不忘初心、牢记使命，以实际行动迎接建党一百周年。
要坚持问题导向，聚焦群众急难愁盼，推动公共服务向基层延伸，让人民群众的获得感、幸福感、安全感更加充实。
据统计，全年地区生产总值增长6.5%，城乡居民人均可支配收入分别增长5.2%和7.8%，生态环境质量持续改善。
乡村振兴战略深入实施，农村人居环境整治三年行动圆满收官，脱贫攻坚成果得到巩固拓展。
全面从严治党向纵深推进，中央八项规定精神得到严格落实，形式主义、官僚主义问题得到有效整治。
"""
EN_WORDS = (
    "the of and to in a is that for on with as by at from party development people work national "
    "government reform economic social new system policy further implement promote strengthen improve "
    "support service public rural revitalization innovation security construction leadership central "
    "committee communist china chinese socialism characteristics era thought xi jinping president "
    "meeting conference stressed said year percent growth market enterprise industry technology science "
    "education health culture environment ecological green high quality opening cooperation international "
    "community shared future mankind governance law rule discipline inspection officials members cadres "
    "primary level organizations grassroots county city province district village town residents masses "
    "income poverty alleviation achievements task goal plan five year period modernization"
).split()


def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    return text if len(text) > 1000 else SAMPLE_ZH


def sentences(text: str) -> list[str]:
    """Body sentences of the seed text (headings, credits and short lines left out)."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("#▲ ").strip()
        for s in re.findall(r"[^。！？；]+[。！？；]?", line):
            if len(s) >= 12 and re.search(r"[\u4e00-\u9fff]", s):
                out.append(s)
    return out


def markov_chinese(text: str, n_chars: int, seed: int = 0) -> list[str]:
    """Chinese-looking lines from a character bigram chain over ``text``: the tokenizer learns the
    statistics of Party-press prose without memorising its sentences as whole pieces."""
    rng = random.Random(seed)
    chars = re.sub(r"\s+", "", text)
    follow: dict[str, list[str]] = {}
    for i in range(len(chars) - 1):
        follow.setdefault(chars[i], []).append(chars[i + 1])
    keys = list(follow)
    lines, total = [], 0
    while total < n_chars:
        state = rng.choice(keys)
        line = state
        for _ in range(rng.randint(20, 120)):
            nxt = follow.get(state)
            if not nxt:
                state = rng.choice(keys)
                line += state
                continue
            state = rng.choice(nxt)
            line += state
        lines.append(line)
        total += len(line)
    return lines


def english_lines(n_lines: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(6, 30))).capitalize() + "."
            for _ in range(n_lines)]


def _train_spm(lines: list[str], prefix: Path, vocab_size: int, max_piece: int = 16) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=0.9995, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        max_sentencepiece_length=max_piece,
        hard_vocab_limit=False,  # generated text cannot always fill 32k pieces; the rest is padded below
        input_sentence_size=200_000, shuffle_input_sentence=True, minloglevel=2,
    )


def build(out: Path = MODEL_DIR) -> Path:
    """Write the model directory unless a complete one is already there; return it."""
    if (out / "model.safetensors").is_file() and (out / "vocab.json").is_file():
        return out
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-spm-", dir=CACHE if CACHE.is_dir() else None))
    text = seed_text()
    # Pieces of at most 2 characters: OPUS-MT's Chinese pieces are mostly words of 1-2 characters, so inputs get
    # a realistic token count (about 0.6 tokens per character).
    _train_spm(markov_chinese(text, 1_500_000), work / "source", 32000, max_piece=2)
    _train_spm(english_lines(40_000), work / "target", 32000)

    # vocab.json laid out like the real one: '</s>'=0, '<unk>'=1, the pieces, '<pad>'=65000.
    vocab = opus_vocab(work, pad_id=65000)

    tok = MarianTokenizer(source_spm=str(work / "source.model"), target_spm=str(work / "target.model"),
                          vocab=str(work / "vocab.json"), source_lang="zh", target_lang="en", model_max_length=512)
    assert len(tok) == 65001, len(tok)
    torch.manual_seed(0)
    model = MarianMTModel(MarianConfig(**OPUS_MT_ZH_EN_CONFIG)).eval()
    model.generation_config = GenerationConfig(**GENERATION)
    with torch.no_grad():  # real OPUS-MT checkpoints ship a zero <pad> row (CTranslate2 assumes it)
        model.get_input_embeddings().weight[65000].zero_()
    tmp_out = out.with_name(out.name + ".tmp")
    model.save_pretrained(tmp_out)
    tok.save_pretrained(tmp_out)
    filler = sum(1 for piece in vocab if piece.startswith("\u2581filler"))
    info = {"build_seconds": round(time.perf_counter() - started, 1), "filler_pieces": filler,
            "parameters": sum(p.numel() for p in model.parameters()), "seed_text_chars": len(text)}
    (tmp_out / "bench_build.json").write_text(json.dumps(info, indent=2))
    if out.exists():
        shutil.rmtree(out)
    tmp_out.rename(out)
    shutil.rmtree(work, ignore_errors=True)
    return out


if __name__ == "__main__":
    CACHE.mkdir(exist_ok=True)
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_DIR))
