"""Flag names: what every stage attaches to a segment and every writer shows.

A flag is never silent: each one travels into TMX (`x-flags`), TSV, JSONL and the HTML.
"""

FLAG_TERM_MISSING = "term-missing"  # a glossary term occurrence is not realised in the English
FLAG_TERM_WRONG_RENDERING = "term-wrong-rendering"  # the English uses a rendering the term's avoid-list forbids
FLAG_LOW_CONFIDENCE = "low-alignment-confidence"
FLAG_CHUNKED = "chunked"  # the paragraph exceeded the model's input limit and was translated in pieces
FLAG_EMPTY = "empty-translation"
FLAG_REPETITION = "repetition"  # the model looped; output was capped
FLAG_UNALIGNED = "unaligned"  # a 1-0 or 0-1 bead
FLAG_FROM_TM = "from-tm"  # the English came from a translation memory's exact match, not from the model
FLAG_SPLIT_TRANSLATION = "split-translation"  # a sentence's English divided between the lines a column break cut it into
