"""Output file names: ``<stem><suffix>`` in the output directory, one set per input document."""

from __future__ import annotations

import re

from bitext.core.aligned import AlignedDocument

# Path separators and characters Windows refuses would put the file elsewhere or fail late.
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def output_stem(doc: AlignedDocument) -> str:
    stem = _UNSAFE.sub("_", doc.name).strip(" .")
    return stem or "document"
