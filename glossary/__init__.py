"""The political term base and everything done with it.

model       Term, TermHit, TermCheck, GlossaryInfo (shared data contract)
formats/    TSV, CSV, TBX readers and writers behind one interface
store       the built-in base plus user files, merged: ``load_glossary``
lint        findings about glossary files, with file:line and severity
matcher     Aho-Corasick, leftmost-longest term occurrences in Chinese text
realised    is an occurrence's rendering present in English output (inflection-tolerant, consuming)
placeholders, enforce   the enforcement guarantee around any batch translate function
score       WMT-style term success rate
cli         ``bitext glossary list|lookup|lint|export``
"""
