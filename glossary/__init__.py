"""The political term base and everything done with it.

formats/    TSV, CSV, TBX readers and writers behind one interface
store       the built-in base plus user files, merged: ``load_glossary``; ``Glossary.check``
lint        findings about glossary files, with file:line and severity
matcher     Aho-Corasick, leftmost-longest term occurrences in Chinese text
realised    is an occurrence's rendering present in English output (inflection-tolerant, consuming)
placeholders, enforce   the enforcement guarantee around any batch translate function
score       WMT-style term success rate
mine        term pairs proposed from aligned sentence pairs (``bitext glossary mine``)

Terms, occurrences and verdicts (Term, TermHit, TermCheck) are in ``bitext.core.terms``.
"""

from __future__ import annotations

from bitext.core.lazy import lazy_exports

_API = {
    "load_glossary": "bitext.glossary.store",
    "Glossary": "bitext.glossary.store",
    "enforce": "bitext.glossary.enforce",
    "term_scores": "bitext.glossary.score",
    "mine_terms": "bitext.glossary.mine",
}
__all__ = sorted(_API)

__getattr__ = lazy_exports(__name__, _API)
