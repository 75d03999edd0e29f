"""`bitext align` as a library call: Chinese files and their English translations in, aligned output sets out.

ZH and EN are two files, or two folders whose files are paired by name (MAC's ``src/001`` with
``tgt/001``). Files are read by the project's ingestion (UTF-8, GB18030 or UTF-16 detected): without
``presegmented`` every non-blank line is a paragraph, with it every non-blank line is a sentence. An
English MT of the Chinese, when given (``mt`` lines, or a ``translator`` that makes it), is alignment
evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bitext.core.aligned import AlignedDocument
from bitext.core.errors import BitextError, InputError
from bitext.core.flags import FLAG_LOW_CONFIDENCE
from bitext.translate.pipeline import Translator

SEGMENTATIONS = ("bitext", "omegat")


@dataclass(frozen=True)
class AlignRunOptions:
    out_dir: Path = Path("outputs")
    formats: tuple[str, ...] = ("tmx", "html", "txt")
    presegmented: bool = False
    mt: str | None = None  # a file, a folder paired by name, or a suffix (src/001 + .trans)
    embed_model: str | None = "use"  # see AlignOptions.embed_model
    segmentation: str = "bitext"
    model: str | None = None  # recorded in the outputs when a translator made the MT


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


@dataclass
class AlignSummary:
    mode: str  # "offline" or "mt", with "+use" (the packaged encoder) or "+embed" (sentence-transformers)
    files: list[AlignedFile] = field(default_factory=list)

    @property
    def beads(self) -> int:
        return sum(f.beads for f in self.files)

    @property
    def low_confidence(self) -> int:
        return sum(f.low_confidence for f in self.files)

    @property
    def unaligned(self) -> int:
        return sum(f.unaligned for f in self.files)


def align_files(zh: Path, en: Path, options: AlignRunOptions = AlignRunOptions(), *,
                translator: Translator | None = None, created: datetime | None = None,
                on_file: Callable[[AlignedFile], None] | None = None) -> AlignSummary:
    """Align each Chinese file with its English partner and write the output sets under ``options.out_dir``."""
    from bitext.align.aligner import AlignOptions, align_documents
    from bitext.align.options import ENCODER
    from bitext.align.score.encoder import check_encoder
    from bitext.translate.ingest.reader import read_paragraphs
    from bitext.writers import WriterOptions, parse_formats, write_outputs

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
    align_options = AlignOptions(segmentation=options.segmentation, embed_model=options.embed_model)
    writer_options = WriterOptions(created=created or datetime.now(timezone.utc))
    summary = AlignSummary(mode=("mt" if (options.mt or translator) else "offline")
                           + ("" if not options.embed_model else "+use" if options.embed_model == ENCODER else "+embed"))
    for zh_path, en_path, mt_path in pairs:
        zh_pars = read_paragraphs(zh_path)
        en_pars = read_paragraphs(en_path)
        mt_pars = read_paragraphs(mt_path) if mt_path else None
        if translator is not None:
            mt_pars = translator.translate(zh_pars)
        if mt_pars is not None and len(mt_pars) != len(zh_pars):
            raise InputError(f"{len(mt_pars)} MT lines for {len(zh_pars)} Chinese lines in {zh_path}",
                             path=str(mt_path))
        paragraphs = align_documents(zh_pars, en_pars, mt_paragraphs=mt_pars, options=align_options,
                                     presegmented=options.presegmented)
        meta = {"origin": "human", "aligner": f"bitext {summary.mode}"}
        if options.model:
            meta["model"] = options.model
        doc = AlignedDocument(name=zh_path.stem, paragraphs=paragraphs, source_path=str(zh_path),
                              target_path=str(en_path), meta=meta)
        written = write_outputs(doc, options.out_dir, formats, writer_options)
        beads = [b for p in paragraphs for b in p.beads]
        result = AlignedFile(
            zh=zh_path, en=en_path,
            zh_sentences=sum(len(p.src_sentences) for p in paragraphs),
            en_sentences=sum(len(p.tgt_sentences) for p in paragraphs),
            beads=len(beads), low_confidence=sum(FLAG_LOW_CONFIDENCE in b.flags for b in beads),
            unaligned=sum(len(b.src) + len(b.tgt) for b in beads if not b.src or not b.tgt),
            outputs=tuple(written.files),
        )
        summary.files.append(result)
        if on_file:
            on_file(result)
    return summary


def pair_inputs(zh: Path, en: Path, mt: str | None) -> list[tuple[Path, Path, Path | None]]:
    """(Chinese, English, MT or None) triples: two files, or the files of two folders paired by name."""
    if not zh.exists():
        raise InputError("no such file or folder", path=str(zh))
    if not en.exists():
        raise InputError("no such file or folder", path=str(en))
    if zh.is_dir() != en.is_dir():
        raise BitextError(f"ZH and EN must both be files or both folders ({zh}, {en})")
    if not zh.is_dir():
        return [(zh, en, _mt_for(zh, mt, single=True))]
    suffix = mt if mt and not Path(mt).exists() else None
    pairs = []
    for f in sorted(zh.iterdir()):
        if not f.is_file() or f.name.startswith(".") or (suffix and f.name.endswith(suffix)):
            continue
        partner = en / f.name
        if not partner.is_file():
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
