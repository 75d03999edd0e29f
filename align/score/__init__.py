"""Evidence for sentence alignment that needs no neural model: length, dictionary, anchors, MT overlap."""
