"""`bitext glossary mine` as a library call: Chinese documents and their English editions in, term pairs out.

ZH and EN are two files, or two folders whose files are paired by name: ``zh/NAME`` with ``en/NAME``,
or ``NAME.zh.txt`` with ``NAME.en.txt`` (ZH and EN may then be the same folder). Every text file must
find its partner: an unpaired file is an error naming it, since a silently dropped document would
change the counts the mining rests on. Each pair is read by the project's ingestion and aligned with
bitext's aligner (the term base as anchors); the sentence pairs of all documents are mined together
by :func:`bitext.glossary.mine.mine_terms`.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from bitext.core.errors import BitextError, InputError
from bitext.glossary.mine import Candidate, MineOptions, mine_terms
from bitext.translate.inputs import TEXT_SUFFIXES

_TAG = re.compile(r"\.(zh|en)(?=\.[^.]+$)", re.IGNORECASE)  # NAME.zh.txt, NAME.en.txt


@dataclass(frozen=True)
class MineRunOptions:
    presegmented: bool = False  # one sentence per line on both sides: no alignment needed
    include_known: bool = False
    top: int | None = None
    dictionary: bool = True  # CC-CEDICT glosses and headwords
    mine: MineOptions = field(default_factory=MineOptions)


@dataclass
class MineSummary:
    documents: list[tuple[Path, Path]]
    sentence_pairs: int
    candidates: list[Candidate]
    align_seconds: float
    mine_seconds: float


def mine_files(zh: Path, en: Path, glossary=None, options: MineRunOptions = MineRunOptions()) -> MineSummary:
    """Align each document pair and mine all sentence pairs together; ``glossary`` marks known units."""
    from bitext.align.aligner import align_documents
    from bitext.translate.ingest.reader import read_paragraphs

    documents = pair_documents(Path(zh), Path(en))
    started = time.perf_counter()
    pairs: list[tuple[str, str]] = []
    for zh_path, en_path in documents:
        zh_lines, en_lines = read_paragraphs(zh_path), read_paragraphs(en_path)
        if not zh_lines or not en_lines:
            raise InputError("no text to mine", path=str(zh_path if not zh_lines else en_path))
        paragraphs = align_documents(zh_lines, en_lines, terms=glossary, presegmented=options.presegmented)
        pairs += sentence_pairs(paragraphs)
    aligned = time.perf_counter()
    dictionary = None
    if options.dictionary:
        from bitext.align.score.lexicon import load_lexicon

        dictionary = load_lexicon()
    candidates = mine_terms(pairs, glossary, dictionary=dictionary, include_known=options.include_known,
                            top=options.top, options=options.mine)
    return MineSummary(documents, len(pairs), candidates, aligned - started, time.perf_counter() - aligned)


def sentence_pairs(paragraphs) -> list[tuple[str, str]]:
    """(Chinese, English) for every bead with both sides; 1-0 and 0-1 beads say nothing about terms."""
    out = []
    for p in paragraphs:
        for bead in p.beads:
            if bead.src and bead.tgt:
                out.append(("".join(p.src_sentences[i].text for i in bead.src),
                            " ".join(p.tgt_sentences[j].text for j in bead.tgt)))
    return out


def pair_documents(zh: Path, en: Path) -> list[tuple[Path, Path]]:
    """(Chinese, English) file pairs; any file without a partner is an error naming it."""
    for path in (zh, en):
        if not path.exists():
            raise InputError("no such file or folder", path=str(path))
    if zh.is_dir() != en.is_dir():
        raise BitextError(f"ZH and EN must both be files or both folders ({zh}, {en})")
    if not zh.is_dir():
        return [(zh, en)]
    same = zh.resolve() == en.resolve()
    zh_files = _by_name(zh, "zh", tagged_only=same)
    en_files = _by_name(en, "en", tagged_only=same)
    lonely = [zh_files[k] for k in sorted(zh_files.keys() - en_files.keys())]
    lonely += [en_files[k] for k in sorted(en_files.keys() - zh_files.keys())]
    if lonely:
        names = ", ".join(str(p) for p in lonely[:10]) + (f" and {len(lonely) - 10} more" if len(lonely) > 10 else "")
        raise BitextError(f"{len(lonely)} file(s) without a partner: {names}. Pair files by name: "
                          f"{zh}/NAME with {en}/NAME, or NAME.zh.txt with NAME.en.txt")
    if not zh_files:
        raise InputError(f"no .txt or .md files to pair in {zh}" + ("" if same else f" and {en}"))
    return [(zh_files[k], en_files[k]) for k in sorted(zh_files)]


def _by_name(folder: Path, lang: str, *, tagged_only: bool) -> dict[str, Path]:
    """Text files of ``folder`` by their name without a .zh/.en tag; files tagged for the other language are skipped."""
    found: dict[str, Path] = {}
    for f in sorted(folder.iterdir()):
        if not f.is_file() or f.name.startswith(".") or f.suffix.lower() not in TEXT_SUFFIXES:
            continue
        tag = _TAG.search(f.name)
        if tag is None and tagged_only:
            continue  # in one folder for both languages an untagged file (a README) belongs to neither
        if tag is not None and tag.group(1).lower() != lang:
            continue
        found[_TAG.sub("", f.name)] = f
    return found
