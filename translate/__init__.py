"""Orchestration: ingest documents, translate them through a backend, enforce the glossary, align, write.

ingest/     decoding, normalisation, block classification, column-break repair
backends/   transformers and CTranslate2 behind one Protocol (backends.base.Backend)
engine      any backend → a safe batch translator (chunking, cache, batching); load_translator
pipeline    translate_document: (document, translator, glossary, options) → AlignedDocument
runner      translate_files: files in, output sets out, a summary back
align_run   align_files: `bitext align` as a function
mine_run    mine_files: `bitext glossary mine` as a function (read, align, mine)
tm, evaluate, cache, chunking, quality, inputs
"""

from __future__ import annotations

from bitext.core.lazy import lazy_exports

_API = {
    "load_translator": "bitext.translate.engine",
    "build_engine": "bitext.translate.engine",
    "Engine": "bitext.translate.engine",
    "GenerationOptions": "bitext.translate.backends.base",
    "read_document": "bitext.translate.ingest",
    "read_text": "bitext.translate.ingest",
    "translate_document": "bitext.translate.pipeline",
    "TranslateOptions": "bitext.translate.pipeline",
    "translate_files": "bitext.translate.runner",
    "RunOptions": "bitext.translate.runner",
    "align_files": "bitext.translate.align_run",
    "AlignRunOptions": "bitext.translate.align_run",
    "mine_files": "bitext.translate.mine_run",
    "MineRunOptions": "bitext.translate.mine_run",
    "evaluate": "bitext.translate.evaluate",
}
__all__ = sorted(_API)

__getattr__ = lazy_exports(__name__, _API)
