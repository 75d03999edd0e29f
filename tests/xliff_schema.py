"""Validation against the OASIS XLIFF 1.2 strict schema shipped in tests/data/xliff (no network)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SCHEMAS = Path(__file__).parent / "data" / "xliff"
_XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"


@lru_cache(maxsize=1)
def xliff_schema():
    from lxml import etree

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url == _XML_XSD_URL:
                return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


def schema_errors(path: Path) -> list[str]:
    """Every way ``path`` breaks the schema, one line each (empty: valid)."""
    from lxml import etree

    schema = xliff_schema()
    doc = etree.parse(str(path), etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False))
    if schema.validate(doc):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]
