"""Build a tiny random-weight (or briefly trained) Marian zh→en model offline.

Used by the test fixtures and by the benchmarks: SentencePiece models trained on a few hundred lines
written for this project, an OPUS-MT style vocab.json, MarianTokenizer, and a small MarianMTModel,
all saved with ``save_pretrained`` so that tests load them through the same code path users use.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

SUBJECTS = [
    ("我们", "We"), ("他们", "They"), ("党员干部", "Party members and officials"),
    ("基层党组织", "Primary-level Party organizations"), ("街道", "The subdistrict"),
    ("社区", "The community"), ("政府", "The government"), ("企业", "The enterprise"),
    ("村民", "The villagers"), ("老师", "The teacher"),
]
VERBS = [("推进", "promote"), ("加强", "strengthen"), ("完善", "improve"), ("落实", "implement"),
         ("支持", "support"), ("需要", "need")]
OBJECTS = [
    ("乡村振兴", "rural revitalization"), ("营商环境", "the business environment"),
    ("服务中心", "the service center"), ("党建工作", "Party building"), ("经济发展", "economic development"),
    ("生态保护", "ecological protection"), ("公共服务", "public services"), ("科技创新", "scientific innovation"),
    ("教育", "education"), ("医疗", "health care"), ("文化", "culture"), ("安全", "security"),
]
EXTRA_ZH = [
    "习近平新时代中国特色社会主义思想", "四个意识、四个自信、两个维护", "放管服改革", "全面从严治党",
    "人类命运共同体", "新发展格局", "供给侧结构性改革", "中央八项规定精神", "不忘初心、牢记使命",
    "2021年4月19日 星期一", "本版责编：张三", "图为社区志愿者在服务群众。", "据统计，全年增长6.5%。",
    "《人民日报》记者报道：", "“为人民服务”是根本宗旨！", "会议强调……要坚持问题导向？",
]
EXTRA_EN = [
    "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era",
    "maintain political integrity, think in big-picture terms, follow the leadership core",
    "streamline administration, delegate power, improve regulation and upgrade services",
    "a community with a shared future for mankind", "the new development paradigm",
    "Monday, April 19, 2021", "The photo shows volunteers serving residents.",
    "According to statistics, annual growth was 6.5%.", "People's Daily reported:",
]


def corpus() -> list[tuple[str, str]]:
    pairs = []
    for (zs, es), (zv, ev), (zo, eo) in itertools.product(SUBJECTS, VERBS, OBJECTS):
        pairs.append((f"{zs}{zv}{zo}。", f"{es} {ev} {eo}."))
    return pairs


def _train_spm(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        hard_vocab_limit=False,  # small corpora cannot always reach vocab_size
        minloglevel=2,
    )


def opus_vocab(work: Path, pad_id: int | None = None) -> dict[str, int]:
    """Write ``work/vocab.json`` in OPUS-MT's layout and return it.

    '</s>'=0, '<unk>'=1, the pieces of ``work/source.model`` and ``work/target.model``, '<pad>' last —
    at ``pad_id`` when given (opus-mt-zh-en: 65000), the gap filled with unused pieces.
    """
    import sentencepiece as spm

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(work / f"{name}.model"))
        for i in range(sp.get_piece_size()):
            piece = sp.id_to_piece(i)
            if piece not in vocab and piece not in ("<s>", "</s>", "<unk>", "<pad>"):
                vocab[piece] = len(vocab)
    filler = 0
    while pad_id is not None and len(vocab) < pad_id:
        vocab[f"\u2581filler{filler}"] = len(vocab)
        filler += 1
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return vocab


def build_tiny_marian(out: Path, *, train_steps: int = 0, model_max_length: int = 64, seed: int = 0,
                      max_positions: int = 256) -> Path:
    """Write a loadable Marian model directory to ``out`` and return it.

    ``model_max_length`` is small on purpose: ordinary test paragraphs then exceed the input limit and
    exercise chunking. ``max_positions`` is the size of the position tables (encoder and decoder).
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    pairs = corpus()
    work = Path(tempfile.mkdtemp(prefix="tiny-marian-spm-"))
    _train_spm([z for z, _ in pairs] + EXTRA_ZH * 3, work / "source", 400)
    _train_spm([e for _, e in pairs] + EXTRA_EN * 3, work / "target", 300)

    vocab = opus_vocab(work)
    pad_id = vocab["<pad>"]

    tok = MarianTokenizer(
        source_spm=str(work / "source.model"),
        target_spm=str(work / "target.model"),
        vocab=str(work / "vocab.json"),
        source_lang="zh",
        target_lang="en",
        model_max_length=model_max_length,
    )
    out.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(out)

    torch.manual_seed(seed)
    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=64,
        encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4,
        encoder_ffn_dim=128, decoder_ffn_dim=128, max_position_embeddings=max_positions,
        activation_function="swish", scale_embedding=True, share_encoder_decoder_embeddings=True,
        pad_token_id=pad_id, decoder_start_token_id=pad_id, eos_token_id=0, bos_token_id=0,
        forced_eos_token_id=0, dropout=0.1,
    )
    model = MarianMTModel(config)
    # MarianConfig(**dict) drops generation keys; set them the way OPUS-MT ships them.
    model.generation_config = GenerationConfig(
        bos_token_id=0, eos_token_id=0, forced_eos_token_id=0, pad_token_id=pad_id,
        decoder_start_token_id=pad_id, bad_words_ids=[[pad_id]], num_beams=2, max_length=128,
    )
    if train_steps:
        _train(model, tok, pairs, train_steps)
    model.eval()
    model.save_pretrained(out)
    return out


def _train(model, tok, pairs, steps: int, batch_size: int = 32, lr: float = 3e-3) -> None:
    import random

    import torch

    rng = random.Random(0)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    for _ in range(steps):
        batch = rng.sample(pairs, batch_size)
        enc = tok([z for z, _ in batch], text_target=[e for _, e in batch], padding=True, return_tensors="pt")
        labels = enc.pop("labels")
        labels[labels == tok.pad_token_id] = -100
        model(**enc, labels=labels).loss.backward()
        opt.step()
        opt.zero_grad()
        # CTranslate2 starts Marian decoders from a zero vector; keep the <pad> (decoder start) row
        # at zero or the two backends disagree.
        with torch.no_grad():
            model.get_input_embeddings().weight[tok.pad_token_id].zero_()
