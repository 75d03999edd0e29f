"""Alignment settings (one dataclass so callers and the CLI pass a single object)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AlignOptions:
    segmentation: str = "bitext"  # Chinese splitter: "bitext" or "omegat"
    max_bead: int = 8  # a bead holds at most this many sentences, both sides together
    use_dictionary: bool = True  # CC-CEDICT lexical evidence
    # Length model, calibrated on MAC-Dev 1-1 beads: English chars per Chinese char (no blanks) and the
    # variance of the difference per Chinese char (Gale–Church's c and s²).
    length_ratio: float = 3.3
    length_var: float = 7.0
    length_weight: float = 1.0
    quality_weight: float = 2.0  # cost of a sentence with no translation evidence at all
    prior_weight: float = 1.0
    skip_cost: float = 3.0  # −log P of a 1-0 / 0-1 bead on top of the quality cost
    coverage_scale: float = 2.0  # a correct 1-1 pair covers about half the word weight
    chance_coverage: float = 0.06  # chance coverage when the input is too small to estimate it
    smooth: float = 1.0  # added to evidence denominators so very short sentences do not swing
    mt_share: float = 0.7  # share of the MT overlap in the bead quality when MT exists
    mt_scale: float = 2.0
    low_confidence: float = 0.3  # beads below this confidence get FLAG_LOW_CONFIDENCE
    max_cells: int = 250_000  # larger problems are solved in overlapping windows
    window: int = 300  # Chinese sentences per window for long documents
