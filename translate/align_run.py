"""`bitext align` as a library call: Chinese files and their English translations in, aligned output sets out.

ZH and EN are two files, or two folders whose files are paired by name (MAC's ``src/001`` with
``tgt/001``). Files are read by the project's ingestion (UTF-8, GB18030 or UTF-16 detected): without
``presegmented`` every non-blank line is a paragraph, with it every non-blank line is a sentence; left
unset (None) it is decided per document by :func:`sentence_per_line`. An English MT of the Chinese, when
given (``mt`` lines, or a ``translator`` that makes it), is alignment evidence.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from bitext.core.aligned import AlignedDocument
from bitext.core.choices import SEGMENTATIONS
from bitext.core.errors import BitextError, InputError, OutputRefused
from bitext.core.flags import FLAG_LOW_CONFIDENCE
from bitext.translate.backends.model_source import public_name
from bitext.translate.inputs import document_name
from bitext.translate.pipeline import Translator



@dataclass(frozen=True)
class AlignRunOptions:
    out_dir: Path = Path("outputs")
    formats: tuple[str, ...] = ("tmx", "html", "txt")
    presegmented: bool | None = None  # None: per document, by sentence_per_line()
    mt: str | None = None  # a file, a folder paired by name, or a suffix (src/001 + .trans)
    embed_model: str | None = "use"  # see AlignOptions.embed_model
    segmentation: str = "bitext"
    model: str | None = None  # recorded in the outputs when a translator made the MT
    overwrite: bool = False  # replace output files bitext did not write (or that changed since)


@dataclass(frozen=True)
class AlignedFile:
    zh: Path
    en: Path
    zh_sentences: int
    en_sentences: int
    beads: int
    low_confidence: int
    unaligned: int  # sentences in 1-0 and 0-1 beads
    outputs: tuple[Path, ...]
    presegmented: bool = False  # aligned as one sentence per line
    detected: bool = False  # ... because both files looked so (presegmented left unset)


@dataclass(frozen=True)
class FailedPair:
    zh: Path
    message: str


@dataclass
class AlignSummary:
    mode: str  # "offline" or "mt", with "+use" (the packaged encoder) or "+embed" (sentence-transformers)
    files: list[AlignedFile] = field(default_factory=list)
    failed: list[FailedPair] = field(default_factory=list)  # pairs that could not be aligned; the rest went on

    @property
    def beads(self) -> int:
        return sum(f.beads for f in self.files)

    @property
    def low_confidence(self) -> int:
        return sum(f.low_confidence for f in self.files)

    @property
    def unaligned(self) -> int:
        return sum(f.unaligned for f in self.files)


# Share of lines that must hold exactly one sentence, on both sides, to count as one sentence per line.
# Measured: MAC-Dev's six chapters 0.93-1.00 (Chinese) and 0.99-1.00 (English); the paragraph-per-line
# Government Work Reports 0.17-0.19 and 0.12-0.17; a People's Daily page 0.58.
SENTENCE_PER_LINE_SHARE = 0.9
SENTENCE_PER_LINE_MIN_LINES = 5  # fewer lines align the same either way


def sentence_per_line(zh_lines: list[str], en_lines: list[str], segmentation: str = "bitext") -> bool:
    """Whether nearly every line of both files is one sentence (MAC, Bertalign and most corpora's format).

    Aligning such files line-as-paragraph leaves each sentence alone in its paragraph group, where it
    has no neighbours to score against: most beads come out low confidence.
    """
    from bitext.align.split import split_en, split_zh

    if min(len(zh_lines), len(en_lines)) < SENTENCE_PER_LINE_MIN_LINES:
        return False

    def share(lines: list[str], split) -> float:
        return sum(len(split(line)) == 1 for line in lines) / len(lines)

    return (share(zh_lines, lambda t: split_zh(t, segmentation)) >= SENTENCE_PER_LINE_SHARE
            and share(en_lines, split_en) >= SENTENCE_PER_LINE_SHARE)


def align_files(zh: Path, en: Path, options: AlignRunOptions = AlignRunOptions(), *,
                translator: Translator | None = None, created: datetime | None = None,
                on_file: Callable[[AlignedFile], None] | None = None,
                on_failed: Callable[[FailedPair], None] | None = None) -> AlignSummary:
    """Align each Chinese file with its English partner and write the output sets under ``options.out_dir``.

    A pair that cannot be aligned (a file unreadable, a side without a sentence, outputs in the way)
    is a FailedPair and the others go on; two pairs that would write one output file are refused
    before any work (BitextError).
    """
    from bitext.align.options import ENCODER
    from bitext.align.score.encoder import check_encoder
    from bitext.translate.inputs import InputFile, plan_outputs
    from bitext.writers import Manifest, WriterOptions, parse_formats
    from bitext.writers.atomic import remove_stale_temporaries

    if options.segmentation not in SEGMENTATIONS:
        raise BitextError(f"segmentation must be one of {', '.join(SEGMENTATIONS)}, not {options.segmentation!r}")
    if options.mt and translator is not None:
        raise BitextError("give MT lines or a translator to make them, not both")
    if options.embed_model == ENCODER:
        check_encoder()  # before any file is read: a missing package is a setup problem, not a file's
    elif options.embed_model and not (options.mt or translator):
        raise BitextError(f"--embed-model {options.embed_model} compares MT with the English: give --mt or --model "
                          f"too (or --embed-model {ENCODER}, which compares the Chinese directly)")
    formats = parse_formats(list(options.formats))
    pairs = pair_inputs(zh, en, options.mt)
    writer_options = WriterOptions(created=created or datetime.now(timezone.utc))
    # A document is named after the Chinese file, last extension removed (src/001 → 001, a.zh.txt → a.zh).
    inputs = [InputFile(str(z), document_name(PurePosixPath(z.name))) for z, _, _ in pairs]
    plan = plan_outputs(inputs, options.out_dir, formats, writer_options)
    for folder in sorted({Path(options.out_dir)} | {p.parent for paths in plan.values() for p in paths}):
        remove_stale_temporaries(folder)  # left by a process killed with SIGKILL
    manifest = Manifest(options.out_dir)
    summary = AlignSummary(mode=("mt" if (options.mt or translator) else "offline")
                           + ("" if not options.embed_model else "+use" if options.embed_model == ENCODER else "+embed"))
    for (zh_path, en_path, mt_path), item in zip(pairs, inputs):
        try:
            result = _align_pair(zh_path, en_path, mt_path, item.name, plan[item], options, formats, writer_options,
                                 manifest, translator, summary.mode)
        except (InputError, OutputRefused) as exc:
            failed = FailedPair(zh_path, str(exc))
            summary.failed.append(failed)
            if on_failed:
                on_failed(failed)
            continue
        summary.files.append(result)
        if on_file:
            on_file(result)
    return summary


def _align_pair(zh_path: Path, en_path: Path, mt_path: Path | None, name: str, outputs: list[Path],
                options: AlignRunOptions, formats: list[str], writer_options, manifest, translator,
                mode: str) -> AlignedFile:
    from bitext.align.aligner import AlignOptions, align_documents
    from bitext.translate.ingest.reader import read_paragraphs
    from bitext.translate.inputs import file_problem
    from bitext.writers import write_outputs

    for path in (zh_path, en_path, mt_path):
        problem = path and file_problem(path)
        if problem:
            raise InputError(problem, path=str(path))
    manifest.check(outputs, overwrite=options.overwrite)  # before the work, not after it
    zh_pars = read_paragraphs(zh_path)
    en_pars = read_paragraphs(en_path)
    for side, path, pars in (("Chinese", zh_path, zh_pars), ("English", en_path, en_pars)):
        if not pars:
            raise InputError(f"the {side} side has no sentences: nothing to align, no output written", path=str(path))
    mt_pars = read_paragraphs(mt_path) if mt_path else None
    if translator is not None:
        mt_pars = translator.translate(zh_pars)
    if mt_pars is not None and len(mt_pars) != len(zh_pars):
        raise InputError(f"{len(mt_pars)} MT lines for {len(zh_pars)} Chinese lines in {zh_path}",
                         path=str(mt_path))
    align_options = AlignOptions(segmentation=options.segmentation, embed_model=options.embed_model)
    presegmented = options.presegmented
    if presegmented is None:
        presegmented = sentence_per_line(zh_pars, en_pars, options.segmentation)
    paragraphs = align_documents(zh_pars, en_pars, mt_paragraphs=mt_pars, options=align_options,
                                 presegmented=presegmented)
    meta = {"origin": "human", "aligner": f"bitext {mode}"}
    if options.model:
        meta["model"] = public_name(options.model)
    doc = AlignedDocument(name=name, paragraphs=paragraphs, source_path=str(zh_path),
                          target_path=str(en_path), meta=meta)
    written = write_outputs(doc, options.out_dir, formats, writer_options, overwrite=options.overwrite,
                            manifest=manifest)
    beads = [b for p in paragraphs for b in p.beads]
    return AlignedFile(
        zh=zh_path, en=en_path,
        zh_sentences=sum(len(p.src_sentences) for p in paragraphs),
        en_sentences=sum(len(p.tgt_sentences) for p in paragraphs),
        beads=len(beads), low_confidence=sum(FLAG_LOW_CONFIDENCE in b.flags for b in beads),
        unaligned=sum(len(b.src) + len(b.tgt) for b in beads if not b.src or not b.tgt),
        outputs=tuple(written.files), presegmented=presegmented,
        detected=presegmented and options.presegmented is None,
    )


def pair_inputs(zh: Path, en: Path, mt: str | None) -> list[tuple[Path, Path, Path | None]]:
    """(Chinese, English, MT or None) triples: two files, or the files of two folders paired by name.

    In folders, hidden files and the files an output manifest lists (bitext's own outputs, when ``-o``
    is one of the folders) are not inputs."""
    from bitext.writers.manifest import listed_files

    if not zh.exists():
        raise InputError("no such file or folder", path=str(zh))
    if not en.exists():
        raise InputError("no such file or folder", path=str(en))
    if zh.is_dir() != en.is_dir():
        raise BitextError(f"ZH and EN must both be files or both folders ({zh}, {en})")
    if not zh.is_dir():
        return [(zh, en, _mt_for(zh, mt, single=True))]
    suffix = mt if mt and not Path(mt).exists() else None
    outputs = listed_files(zh)
    pairs = []
    for f in sorted(zh.iterdir()):
        if f.name.startswith(".") or f.name in outputs or (suffix and f.name.endswith(suffix)):
            continue
        partner = en / f.name
        # Anything but a folder pairs by name; a broken link or a FIFO then fails as that pair.
        if f.is_dir() or partner.is_dir() or not os.path.lexists(partner):
            continue
        if suffix and not f.with_name(f.name + suffix).is_file():
            raise InputError(f"no MT file {f.name + suffix} for {f.name}", path=str(f))
        pairs.append((f, partner, _mt_for(f, mt, single=False)))
    if not pairs:
        raise InputError(f"no file in {zh} has a partner of the same name in {en}")
    return pairs


def _mt_for(zh_file: Path, mt: str | None, *, single: bool) -> Path | None:
    if not mt:
        return None
    p = Path(mt)
    if p.is_dir():
        cand = p / zh_file.name
    elif p.is_file() and single:
        return p
    else:
        cand = zh_file.with_name(zh_file.name + mt)  # a suffix: src/001 + .trans
    if not cand.is_file():
        raise InputError(f"no MT file for {zh_file} (looked for {cand})", path=str(cand))
    return cand
