"""Quote and attribution extraction for news text."""

from .model import Cue, Document, Quote, Speaker

__version__ = "0.1.0"

__all__ = ["Cue", "Document", "Quote", "Speaker", "__version__"]
