"""Output file names: ``<stem><suffix>`` under the output folder, one set per document.

A document's name may be a relative path (``2021/04/19/1``: the runner names a document after its
path relative to the folder it was found in); the output set goes into the same subfolders. Every
part is made safe on its own, so no name can leave the output folder (``..``, an absolute path) or
hide its files (a leading dot), and the last part is shortened, when needed, so that it fits the
file system's name limit with the longest suffix a writer adds.
"""

from __future__ import annotations

import hashlib
import re

from bitext.core.aligned import AlignedDocument

# Path separators and characters Windows refuses would put the file elsewhere or fail late; lone
# surrogates cannot be file names (except U+DC80–U+DCFF: bytes of a name that is not UTF-8, kept as such).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\ud800-\udc7f\udd00-\udfff]+')
NAME_MAX_BYTES = 255  # one path component on ext4, XFS, Btrfs, APFS, NTFS (UTF-16 units there)
# The longest suffix a writer adds: ".para.tmx", or a Moses ".<language>" with an 8-letter subtag.
LONGEST_SUFFIX_BYTES = 9
_DIGEST = 8  # hex digits of the full name's hash kept in a shortened name


def safe_part(part: str) -> str:
    return _UNSAFE.sub("_", part).strip(" .") or "_"


def output_stem(doc: AlignedDocument | str) -> str:
    """The relative, '/'-separated stem of every output file of ``doc`` (a document or its name)."""
    name = doc if isinstance(doc, str) else doc.name
    parts = [safe_part(p) for p in name.replace("\\", "/").split("/") if p.strip(" .")]
    if not parts:
        return "document"
    parts[-1] = _fit(parts[-1], NAME_MAX_BYTES - LONGEST_SUFFIX_BYTES)
    return "/".join(parts)


def _fit(part: str, limit: int) -> str:
    """``part`` if it fits ``limit`` bytes; else its head and a hash of the whole (still unique)."""
    data = _bytes(part)
    if len(data) <= limit:
        return part
    head, used = [], 0
    for char in part:  # whole characters only
        used += len(_bytes(char))
        if used > limit - _DIGEST - 1:
            break
        head.append(char)
    return "".join(head).rstrip(" .") + "~" + hashlib.sha256(data).hexdigest()[:_DIGEST]


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")  # as the file system gets it (os.fsencode)
