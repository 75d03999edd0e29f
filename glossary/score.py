"""Term success rate, as in the WMT23/WMT25 terminology tasks, plus the all-terms-satisfied rate.

Over every glossary term occurrence in a source segment: the share realised in the hypothesis
(``en`` or a variant, case-insensitive, whitespace-normalised, simple English inflection tolerated,
each required occurrence consuming one match — the WMT21 rule). Segment rate (WAT2021 "consistency"):
the share of segments containing terms in which all of them are realised. ``exact=True`` drops the
inflection tolerance for a strict figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bitext.glossary.realised import Realisation, realise


@dataclass
class SegmentScore:
    index: int
    occurrences: int
    matched: int
    missing: list[str] = field(default_factory=list)  # zh of the unrealised occurrences

    @property
    def satisfied(self) -> bool:
        return self.matched == self.occurrences


@dataclass
class TermScores:
    occurrences: int  # term occurrences in the sources
    matched: int  # of them realised in the hypotheses
    entries: int  # distinct (segment, entry) pairs, the WMT25 unit
    entries_matched: int  # of them with every occurrence realised
    segments: int  # segments containing at least one term
    segments_satisfied: int
    per_segment: list[SegmentScore] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.matched / self.occurrences if self.occurrences else 1.0

    @property
    def entry_rate(self) -> float:
        return self.entries_matched / self.entries if self.entries else 1.0

    @property
    def segment_rate(self) -> float:
        return self.segments_satisfied / self.segments if self.segments else 1.0

    def as_dict(self) -> dict:
        return {
            "term_success_rate": self.rate, "occurrences": self.occurrences, "matched": self.matched,
            "entry_success_rate": self.entry_rate, "entries": self.entries,
            "entries_matched": self.entries_matched, "segments_with_terms": self.segments,
            "segments_all_terms": self.segments_satisfied, "segment_rate": self.segment_rate,
        }


def term_scores(sources: Sequence[str], hypotheses: Sequence[str], glossary, *,
                exact: bool = False) -> TermScores:
    if len(sources) != len(hypotheses):
        raise ValueError(f"{len(sources)} sources but {len(hypotheses)} hypotheses")
    scores = TermScores(0, 0, 0, 0, 0, 0)
    for index, (src, hyp) in enumerate(zip(sources, hypotheses)):
        hits = glossary.find(src)
        if not hits:
            continue
        found = _exact(hits, hyp) if exact else realise(hits, hyp)
        matched = sum(r.realised for r in found)
        seg = SegmentScore(index, len(found), matched, [r.hit.term.zh for r in found if not r.realised])
        scores.per_segment.append(seg)
        scores.occurrences += seg.occurrences
        scores.matched += matched
        scores.segments += 1
        scores.segments_satisfied += seg.satisfied
        by_entry: dict[str, bool] = {}
        for r in found:
            by_entry[r.hit.term.zh] = by_entry.get(r.hit.term.zh, True) and r.realised
        scores.entries += len(by_entry)
        scores.entries_matched += sum(by_entry.values())
    return scores


def _exact(hits, hypothesis: str) -> list[Realisation]:
    """Lower-cased, whitespace-normalised substring counting, each occurrence consuming one match."""
    text = " ".join(hypothesis.split()).lower()
    used: list[tuple[int, int]] = []
    result = []
    for hit in hits:
        found = None
        for rendering in sorted(hit.term.renderings, key=len, reverse=True):
            needle = " ".join(rendering.split()).lower()
            start = text.find(needle)
            while needle and start >= 0:
                span = (start, start + len(needle))
                if not any(a < span[1] and span[0] < b for a, b in used):
                    found = rendering
                    used.append(span)
                    break
                start = text.find(needle, start + 1)
            if found:
                break
        result.append(Realisation(hit, found))
    return result
