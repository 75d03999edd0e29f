"""Alignment settings (one dataclass so callers and the CLI pass a single object).

Cost model: see ``align.score.cost``. Calibration: the length model on MAC-Dev 1-1 beads (English
characters without blanks per Chinese character, and the spread of its logarithm); the bead-type
prior on MAC-Test's published type shares; the weights of the length, prior and quotation terms,
the normalisation window and the skip percentile on MAC-Dev as a whole (six chapters, literary
text; each sits on a plateau: ±50 % moves exact F1 by about 0.01–0.03). The encoder's two weights
and the confidence temperature were set on MAC-Dev too, every other weight left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

ENCODER = "use"  # embed_model value for the packaged cross-lingual encoder (align.score.encoder)


@dataclass
class AlignOptions:
    segmentation: str = "bitext"  # Chinese splitter: "bitext" or "omegat"
    max_bead: int = 8  # a bead holds at most this many sentences, both sides together
    use_dictionary: bool = True  # CC-CEDICT lexical evidence
    length_ratio: float = 3.3  # English non-blank characters per Chinese character
    length_sigma: float = 0.35  # sd of log(English length / expected length)
    length_smooth: float = 10.0  # characters added to both lengths: short sentences vary more
    length_weight: float = 0.15
    merge_power: float = 1.0  # similarity cost × (sentences in the bead / 2) ** this
    prior_weight: float = 0.2
    norm_window: int = 10  # blocks each side over which (1 − cos) is averaged for normalisation
    quote_weight: float = 0.3  # cost of ending a bead inside a quotation on one side only
    skip_percentile: float = 10.0  # a 1-0 / 0-1 bead costs this percentile of the 1-1 costs …
    skip_margin: float = 0.0  # … plus this
    mt_char_weight: float = 0.5  # share of the character 3-gram similarity of MT and English (MT only)
    embed_model: str | None = ENCODER  # "use": Chinese against English (no MT needed); a sentence-transformers
    # folder or "minilm": MT against English (MT side only); None: no embeddings
    embed_weight: float = 0.2  # sentence-transformers: share of the embedding similarity next to the bag-of-words one
    encoder_weight: float = 1.0  # "use": weight of the encoder's block similarity; the lexical one keeps its 1
    crossing_weight: float = 1.0  # "use": cost of a clause that sits closer to the next bead (score.crossing)
    confidence_temperature: float = 0.1  # a bead's score is its posterior (dp.posteriors) at this temperature
    # per unit of similarity weight
    low_confidence: float = 0.4  # beads scored below this get FLAG_LOW_CONFIDENCE (MAC-Dev: with the encoder
    # 4 % of beads, a quarter of them correct; without it 5 %, a third correct; 0.5 flags 10 %, half correct)
    band_min_cells: int = 20_000  # larger grids are scored in a band around a first-pass path
    band_margin: int = 10  # sentences each side of that path
    max_cells: int = 250_000  # larger problems are solved in overlapping windows
    window: int = 300  # Chinese sentences per window for long documents
