"""Evidence for sentence alignment: length, dictionary, anchors, quotations, MT overlap (no neural model),
and sentence embeddings (``encoder``: the packaged cross-lingual encoder; ``embed``: sentence-transformers)."""
