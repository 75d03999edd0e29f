"""bitext: Chinese→English translation with glossary enforcement, alignment, TMX and HTML output.

The library, layer by layer (each import is light; models load only when asked for):

    from bitext.translate import load_translator, read_document, translate_document, translate_files
    from bitext.align import align_sentences, align_documents
    from bitext.glossary import load_glossary
    from bitext.writers import write_outputs

``bitext.core`` holds what every layer shares (errors, the document and aligned-document model, flag
names, cache paths); ``bitext.cli`` is the command line on top.
"""

from bitext.core.version import __version__

__all__ = ["__version__"]
