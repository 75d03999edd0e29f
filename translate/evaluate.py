"""`bitext eval`: BLEU and chrF (sacrebleu) and glossary term scores, per document and in total.

Inputs are line-parallel text files, directories of them (paired by file name), bitext's JSONL
output (records with ``src``/``tgt``), TMX (the ``en`` variant is the text, ``zh`` the source; bitext's
units for a CAT tool's segments of the original file, ``x-segment-of``, are left out: they repeat the
sentences) or XLIFF (``<target>`` is the text, ``<source>`` the source; ``translate="no"`` units left
out), so a post-edited XLIFF scores against the machine translation it started from.
Text files are read exactly as the ``sacrebleu`` command reads them (UTF-8, split on ``\\n`` only,
trailing white space stripped), so the scores equal what ``sacrebleu REF -i HYP`` prints.
The total is a corpus score over all documents' lines, not an average of document scores.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Literal

from bitext.core.errors import BitextError, FormatError, InputError

Role = Literal["hyp", "ref", "src"]
TOTAL = "TOTAL"


@dataclass
class Text:
    """One document's lines on one side, plus the Chinese side when the file carries it."""

    path: str
    lines: list[str]
    sources: list[str] | None = None


@dataclass
class TermSummary:
    """Additive counts from glossary.score.term_scores; rates are None where nothing was required."""

    occurrences: int  # glossary term occurrences in the sources (each occurrence counts)
    matched: int  # of them realised in the hypotheses
    entries: int  # distinct (segment, entry) pairs, the WMT25 unit
    entries_matched: int
    segments_with_terms: int
    segments_all_satisfied: int

    def __add__(self, other: TermSummary) -> TermSummary:
        return TermSummary(*(a + b for a, b in zip(astuple(self), astuple(other))))

    @property
    def success_rate(self) -> float | None:
        return self.matched / self.occurrences if self.occurrences else None

    @property
    def entry_rate(self) -> float | None:
        return self.entries_matched / self.entries if self.entries else None

    @property
    def all_satisfied_rate(self) -> float | None:
        return self.segments_all_satisfied / self.segments_with_terms if self.segments_with_terms else None

    def to_dict(self) -> dict:
        return {**asdict(self), "success_rate": self.success_rate, "entry_rate": self.entry_rate,
                "all_satisfied_rate": self.all_satisfied_rate}


@dataclass
class DocScore:
    name: str
    segments: int
    bleu: float | None
    chrf: float | None
    bleu_detail: str = ""  # sacrebleu's n-gram precisions, brevity penalty and lengths
    terms: TermSummary | None = None
    hyp: str = ""
    refs: list[str] = field(default_factory=list)
    src: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["terms"] = self.terms.to_dict() if self.terms else None
        return d


@dataclass
class EvalReport:
    documents: list[DocScore]
    total: DocScore
    bleu_signature: str
    chrf_signature: str
    glossary: dict | None = None  # version, entries, files of the glossary used for term scores

    def to_dict(self) -> dict:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "total": self.total.to_dict(),
            "signatures": {"bleu": self.bleu_signature, "chrf": self.chrf_signature},
            "glossary": self.glossary,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- reading


def read_text_lines(path: str | Path) -> list[str]:
    """Lines as the sacrebleu CLI reads them: split on LF only, each right-stripped."""
    name = str(path)
    try:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", newline="\n") as fh:
            return [line.rstrip() for line in fh]
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}): convert it first", path=name) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from exc


def _kind(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".jsonl"):
        return "jsonl"
    if name.endswith(".tmx"):
        return "tmx"
    if name.endswith((".xlf", ".xliff")):
        return "xliff"
    return "text"


def read_document(path: str | Path, role: Role) -> Text:
    """One file as hypothesis/reference (English side) or source (Chinese side)."""
    path = Path(path)
    kind = _kind(path)
    if kind == "jsonl":
        src, tgt = _read_jsonl(path)
    elif kind == "tmx":
        src, tgt = _read_tmx(path)
    elif kind == "xliff":
        src, tgt = _read_xliff(path)
    else:
        return Text(str(path), read_text_lines(path))
    return Text(str(path), src if role == "src" else tgt, sources=src)


def _read_jsonl(path: Path) -> tuple[list[str], list[str]]:
    """bitext's JSONL (``source``/``target``; ``src``/``tgt`` also accepted), one line per record.

    Records whose target is null (untranslated page furniture) are skipped, as are non-unit records.
    """
    src: list[str] = []
    tgt: list[str] = []
    for lineno, line in enumerate(read_text_lines(path), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"not a JSON record: {exc.msg}", path=str(path), line=lineno) from exc
        if not isinstance(record, dict):
            raise FormatError("not a JSON object", path=str(path), line=lineno)
        target = _field(record, "target", "tgt")
        if not isinstance(target, str):
            continue
        source = _field(record, "source", "src")
        src.append(" ".join(source.split()) if isinstance(source, str) else "")
        tgt.append(" ".join(target.split()))
    return src, tgt


def _field(record: dict, *names: str):
    for n in names:
        if n in record:
            return record[n]
    return None


def _read_tmx(path: Path) -> tuple[list[str], list[str]]:
    from bitext.translate.tm import iter_tmx

    pairs = [(u.source, u.target) for u in iter_tmx(path, keep_empty=True) if not u.segment_of]
    return [s for s, _ in pairs], [t for _, t in pairs]


def _read_xliff(path: Path) -> tuple[list[str], list[str]]:
    from bitext.translate.xliff import iter_xliff

    pairs = [(u.source, u.target) for u in iter_xliff(path, keep_empty=True)]
    return [s for s, _ in pairs], [t for _, t in pairs]


# bitext writes these next to its text outputs; they are never line-parallel text.
_NOT_INPUTS = (".html", ".htm", ".css", ".js", ".json", ".log")


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.lower().endswith(_NOT_INPUTS))


def _stem(name: str) -> str:
    return name.split(".", 1)[0]


def _partner(hyp: Path, candidates: list[Path], what: str, directory: Path) -> Path:
    """The file in another directory that belongs to ``hyp``: same name, else same name before the first dot."""
    for c in candidates:
        if c.name == hyp.name:
            return c
    same_stem = [c for c in candidates if _stem(c.name) == _stem(hyp.name)]
    if len(same_stem) == 1:
        return same_stem[0]
    if not same_stem:
        raise InputError(f"no {what} file for {hyp.name} in {directory}", path=str(hyp))
    names = ", ".join(c.name for c in same_stem)
    raise InputError(f"several {what} files could belong to {hyp.name}: {names}", path=str(directory))


@dataclass
class DocumentSet:
    name: str
    hyp: Text
    refs: list[Text]
    src: Text | None


def pair_inputs(hyp: str | Path, refs: Sequence[str | Path], src: str | Path | None = None) -> list[DocumentSet]:
    """Pair hypothesis, reference(s) and source as documents; files with files, directories with directories."""
    hyp = Path(hyp)
    ref_paths = [Path(r) for r in refs]
    src_path = Path(src) if src is not None else None
    if not ref_paths:
        raise BitextError("give at least one reference (--ref)")
    for p in (hyp, *ref_paths, *([src_path] if src_path else [])):
        if not p.exists():
            raise InputError("no such file or directory", path=str(p))
    others = [*ref_paths, *([src_path] if src_path else [])]
    if hyp.is_dir():
        not_dirs = [str(p) for p in others if not p.is_dir()]
        if not_dirs:
            raise BitextError(f"--hyp is a directory, so these must be directories too: {', '.join(not_dirs)}")
        ref_files = [_files(r) for r in ref_paths]
        src_files = _files(src_path) if src_path else []
        sets = []
        hyp_files = _files(hyp)
        if not hyp_files:
            raise InputError("the hypothesis directory holds no files", path=str(hyp))
        claimed: dict[Path, Path] = {}
        for h in hyp_files:
            rs = [_partner(h, files, "reference", d) for files, d in zip(ref_files, ref_paths)]
            s = _partner(h, src_files, "source", src_path) if src_path else None
            if rs[0] in claimed:  # e.g. doc.tmx and doc.jsonl, two formats of one output
                raise InputError(f"{claimed[rs[0]].name} and {h.name} both pair with {rs[0].name}; "
                                 "keep one hypothesis file per document", path=str(hyp))
            claimed[rs[0]] = h
            sets.append(_load(h.name, h, rs, s))
        for files, d in zip(ref_files, ref_paths):
            used = {_stem(h.name) for h in hyp_files} | {h.name for h in hyp_files}
            extra = [f.name for f in files if f.name not in used and _stem(f.name) not in used]
            if extra:
                raise InputError(f"reference files without a hypothesis: {', '.join(extra)}", path=str(d))
        return sets
    dirs = [str(p) for p in others if p.is_dir()]
    if dirs:
        raise BitextError(f"--hyp is a file, so these must be files too: {', '.join(dirs)}")
    return [_load(hyp.name, hyp, ref_paths, src_path)]


def _load(name: str, hyp: Path, refs: Sequence[Path], src: Path | None) -> DocumentSet:
    doc = DocumentSet(
        name,
        read_document(hyp, "hyp"),
        [read_document(r, "ref") for r in refs],
        read_document(src, "src") if src is not None else None,
    )
    _check_counts(doc)
    return doc


def _check_counts(doc: DocumentSet) -> None:
    sides = [("hypothesis", doc.hyp), *(("reference", r) for r in doc.refs)]
    if doc.src is not None:
        sides.append(("source", doc.src))
    counts = {len(t.lines) for _, t in sides}
    if len(counts) > 1:
        detail = ", ".join(f"{what} {t.path} has {_lines(len(t.lines))}" for what, t in sides)
        raise BitextError(f"line counts differ: {detail}; the files must be line-parallel")


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"


# --------------------------------------------------------------------------- scoring


def _sacrebleu_scores(hyps: list[str], refs: list[list[str]]):
    from sacrebleu.metrics import BLEU, CHRF

    bleu, chrf = BLEU(), CHRF()
    if not hyps:
        return None, None, "", str(bleu.get_signature()), str(chrf.get_signature())
    b = bleu.corpus_score(hyps, refs)
    c = chrf.corpus_score(hyps, refs)
    detail = str(b).split(" = ", 1)[-1].split(" ", 1)[-1]  # drop "BLEU = 42.51 "
    return b.score, c.score, detail, str(bleu.get_signature()), str(chrf.get_signature())


def term_summary(sources: list[str], hypotheses: list[str], glossary) -> TermSummary:
    """Counts from glossary.score.term_scores (WMT-style term success, all-terms-satisfied segments)."""
    from bitext.glossary.score import term_scores

    s = term_scores(sources, hypotheses, glossary)
    return TermSummary(
        occurrences=s.occurrences,
        matched=s.matched,
        entries=s.entries,
        entries_matched=s.entries_matched,
        segments_with_terms=s.segments,
        segments_all_satisfied=s.segments_satisfied,
    )


def evaluate(docs: Sequence[DocumentSet], glossary=None) -> EvalReport:
    """Score every document and the concatenation of all; term scores where sources and a glossary exist."""
    nrefs = len(docs[0].refs) if docs else 0
    scored: list[DocScore] = []
    all_hyps: list[str] = []
    all_refs: list[list[str]] = [[] for _ in range(nrefs)]
    total_terms = TermSummary(0, 0, 0, 0, 0, 0)
    have_sources = glossary is not None and all(_sources(d) is not None for d in docs)
    sig_b = sig_c = ""
    for d in docs:
        refs = [r.lines for r in d.refs]
        bleu, chrf, detail, sig_b, sig_c = _sacrebleu_scores(d.hyp.lines, refs)
        terms = None
        if have_sources:
            terms = term_summary(_sources(d), d.hyp.lines, glossary)
            total_terms += terms
        scored.append(DocScore(d.name, len(d.hyp.lines), bleu, chrf, detail, terms, d.hyp.path,
                               [r.path for r in d.refs], d.src.path if d.src else None))
        all_hyps.extend(d.hyp.lines)
        for acc, r in zip(all_refs, refs):
            acc.extend(r)
    bleu, chrf, detail, sig_b, sig_c = _sacrebleu_scores(all_hyps, all_refs)
    total = DocScore(TOTAL, len(all_hyps), bleu, chrf, detail, total_terms if have_sources else None)
    info = None
    if have_sources:
        gi = glossary.info
        info = {"version": gi.version, "entries": gi.entries, "files": list(gi.files)}
    return EvalReport(scored, total, sig_b, sig_c, info)


def _sources(doc: DocumentSet) -> list[str] | None:
    if doc.src is not None:
        return doc.src.lines
    return doc.hyp.sources  # bitext's JSONL/TMX carry their own Chinese side


def has_sources(docs: Sequence[DocumentSet]) -> bool:
    return bool(docs) and all(_sources(d) is not None for d in docs)
