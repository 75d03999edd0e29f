"""Read the XML users hand to bitext (TMX memories, TBX glossaries) in bounded memory and time.

Every XML file bitext reads is a stream of *units* (``<tu>``, ``<termEntry>`` …): each unit is parsed,
handed over, then freed with everything before it, so memory does not grow with the file. What a single unit may hold is bounded too, because a small hostile file can
otherwise ask for gigabytes (100 million empty inline elements in one segment compress to 389 KB):

- no DTD is loaded, no entity is expanded and nothing is fetched from the network; an entity
  reference (``&name;``, other than XML's five and character references) is reported with its line,
  never dropped or expanded;
- libxml2's default safety limits stay on (``huge_tree`` off: 10 MB per text node or attribute value);
- elements nest at most ``MAX_DEPTH`` (libxml2's limit) deep: deeper nesting is an error, never a
  ``RecursionError`` in code that walks a unit;
- a unit holds at most ``MAX_UNIT_ELEMENTS`` elements, and at most ``MAX_UNIT_BYTES`` of XML are
  read before the next unit ends (so one unit, or what lies between two units, is at most that long:
  the parser never holds more than that much of the file);
- a ``.gz`` file decompresses to at most ``MAX_GZIP_RATIO`` times its own size (and at least
  ``MIN_GZIP_ALLOWANCE`` bytes are always allowed), counted while streaming.

Each limit ends the read with a FormatError naming the file and line.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from bitext.core.errors import FormatError, InputError

MAX_DEPTH = 256  # libxml2's own, kept by leaving huge_tree off
MAX_UNIT_ELEMENTS = 10_000
MAX_UNIT_BYTES = 1 << 20
MAX_GZIP_RATIO = 100
MIN_GZIP_ALLOWANCE = 64 << 20
_CHUNK = 1 << 16

LIMITS = (f"at most {MAX_DEPTH} levels of nesting, {MAX_UNIT_ELEMENTS:,} elements and {MAX_UNIT_BYTES >> 20} MiB "
          f"per unit, {MAX_GZIP_RATIO}× decompression")


class _LimitExceeded(Exception):
    """Raised inside the byte stream (lxml passes it through); turned into a FormatError with a line."""


class _CountingReader(io.RawIOBase):
    """The file's bytes as lxml reads them, counted: a gzip bomb or an endless unit stops mid-stream."""

    def __init__(self, raw, *, compressed_size: int | None):
        self.raw = raw
        self.consumed = 0  # bytes of XML handed to the parser
        self.line = 1  # the line reading has reached (the parser is at most one read behind)
        self.mark = 0  # bytes consumed when the last unit or element outside units was freed
        self.budget = None if compressed_size is None else max(MIN_GZIP_ALLOWANCE, MAX_GZIP_RATIO * compressed_size)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(_CHUNK if size is None or size < 0 else min(size, _CHUNK))
        self.consumed += len(data)
        self.line += data.count(b"\n")
        if self.budget is not None and self.consumed > self.budget:
            raise _LimitExceeded(f"decompresses to more than {MAX_GZIP_RATIO} times its size "
                                 f"({self.budget:,} bytes): refused as a compression bomb")
        if self.consumed - self.mark > MAX_UNIT_BYTES + _CHUNK:
            raise _LimitExceeded(f"more than {MAX_UNIT_BYTES >> 20} MiB of XML in one unit or between two units")
        return data


def local_name(el) -> str:
    """``{ns}tag`` → ``tag``; "" for comments, processing instructions and entity references."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iter_units(path: str | Path, units: frozenset[str] | set[str], *, kind: str,
               roots: frozenset[str] | set[str] | None = None) -> Iterator:
    """Yield each element whose local name is in ``units``, complete, in file order; it is freed after.

    ``kind`` names the format in messages ("TMX", "TBX"); ``roots``, when given, are the accepted
    root elements. A file ending in ``.gz`` is decompressed on the fly. Raises InputError when the
    file cannot be opened, FormatError (file and line) for malformed XML or any limit above.
    """
    from lxml import etree

    name = str(path)
    try:
        raw = gzip.open(path, "rb") if name.endswith(".gz") else open(path, "rb")  # noqa: SIM115 - closed below
        compressed = Path(path).stat().st_size if name.endswith(".gz") else None
    except OSError as exc:
        raise InputError(f"cannot read {kind}: {exc.strerror or exc}", path=name) from exc
    reader = _CountingReader(raw, compressed_size=compressed)
    # No DTD, no network, no entity expansion: the file is data, never a fetch or a billion laughs.
    # huge_tree off keeps libxml2's own limits, among them MAX_DEPTH. Only units raise events (one
    # Python step per unit, not per element); the reader's byte budget bounds what a unit can hold
    # before its end event, and its elements are counted then, in C.
    events = etree.iterparse(reader, events=("end",), tag=[f"{{*}}{u}" for u in units], load_dtd=False,
                             no_network=True, resolve_entities=False, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    line = None  # last line known, for errors raised between events
    try:
        with raw:
            for _, el in events:
                line = el.sourceline or line
                if roots is not None:
                    _check_root(el.getroottree().getroot(), roots, name)
                    roots = None
                _check_unit(el, name)
                yield el
                # Free the unit and everything before it, at every level, so that the tree holds only the
                # path from the root to the next unit: memory stays flat however long the file is.
                reader.mark = reader.consumed
                el.clear(keep_tail=False)
                node, parent = el, el.getparent()
                while parent is not None:
                    while node.getprevious() is not None:
                        del parent[0]
                    node, parent = parent, parent.getparent()
            if roots is not None and events.root is not None:  # a file without a single unit
                _check_root(events.root, roots, name)
    except etree.XMLSyntaxError as exc:
        msg, at = _syntax_error(exc, events)
        raise FormatError(f"malformed {kind} (not well-formed XML): {msg}", path=name, line=at or line) from None
    except _LimitExceeded as exc:
        raise FormatError(f"{exc} ({LIMITS})", path=name, line=reader.line) from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise FormatError(f"damaged gzip file: {exc}", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read {kind}: {exc.strerror or exc}", path=name) from exc


def _check_root(root, roots, path: str) -> None:
    if local_name(root) not in roots:
        expected = " or ".join(f"<{r}>" for r in sorted(roots))
        raise FormatError(f"root element is <{local_name(root)}>, expected {expected}", path=path,
                          line=root.sourceline)


def _check_unit(unit, path: str) -> None:
    """At most MAX_UNIT_ELEMENTS elements, and no entity reference, in one pass over the unit."""
    from lxml import etree

    elements = -1  # the unit itself is not counted
    for node in unit.iter():
        if node.tag is etree.Entity:
            parent = node.getparent()
            raise FormatError(f"entity reference {node.text} in <{local_name(parent)}>: bitext does not expand "
                              f"entities (only &lt; &gt; &amp; &quot; &apos; and character references like "
                              f"&#x4E2D;); write the text it stands for", path=path, line=parent.sourceline)
        elements += 1
    if elements > MAX_UNIT_ELEMENTS:
        raise FormatError(f"{elements:,} elements in one <{local_name(unit)}>: more than {MAX_UNIT_ELEMENTS:,} "
                          f"({LIMITS})", path=path, line=unit.sourceline)


def _syntax_error(exc, events) -> tuple[str, int | None]:
    """libxml2's message without its position suffix, and the line it names."""
    msg = getattr(exc, "msg", None) or str(exc)
    line = exc.lineno or (exc.position[0] if exc.position else None)
    # An undefined entity in a document without a DTD comes out as "no element found" at line 0;
    # the parser's error log holds the real first error.
    log = getattr(events, "error_log", None)
    fatal = next((e for e in log if e.level_name == "FATAL"), None) if log else None
    if fatal is not None and (msg.startswith("no element found") or not line):
        msg, line = fatal.message, fatal.line
    msg = re.sub(r", line \d+, column \d+$", "", msg)
    if "XML_PARSE_HUGE" in msg:  # libxml2's own safety limits; the option it suggests is not ours to offer
        msg = msg.split(" use XML_PARSE_HUGE", 1)[0].rstrip(",; ") + f" (a safety limit: {LIMITS})"
    return msg, line or None
