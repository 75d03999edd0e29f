"""bitext: Chinese→English translation with glossary enforcement, alignment, TMX and HTML output.

The top-level package is named ``translate`` (the user's layout); it clashes with translate-toolkit's
import name, so install bitext in its own environment.
"""

__version__ = "0.1.0"
