"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from quotes.loader import load_model


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default English pipeline, loaded once for every test that needs a parser."""
    return load_model()
