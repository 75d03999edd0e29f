"""Ingestion: bytes → decoded text → normalised lines → classified, repaired blocks (a Document)."""

from bitext.translate.ingest.reader import read_document, read_text

__all__ = ["read_document", "read_text"]
