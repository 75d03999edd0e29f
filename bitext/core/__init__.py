"""What every layer shares, and nothing else: it imports no other part of bitext.

errors     BitextError and its kinds, each with the exit code the CLI returns
document   the ingested document (Block, BlockKind, Document)
aligned    the aligned document every writer reads (Sentence, Bead, AlignedParagraph, AlignedDocument)
terms      glossary entries, occurrences and verdicts, which aligned documents carry
printing   the printing key of Chinese text (quotes, widths, dashes ignored) that terms are matched on
flags      flag names
paths      the cache folder
version    the package version
choices    the closed sets of values options take
safe_xml   the bounded, entity-free XML reader every XML input goes through
lazy       package façades that import a name's module on first use
"""
