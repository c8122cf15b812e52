"""What ``POST /extract`` takes: one article or several, with the options of the command line.

The options are checked by :mod:`quotes.options`, so the service refuses the values the
library and the command line refuse, with the same messages.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from quotes.options import check_acts, check_flag, check_min_confidence

#: Types a metadata value of an article may have.
SCALARS = (str, int, float, bool, type(None))


def default_id(text: str) -> str:
    """The id of an article sent without one: from its text, so the same text gets the same id.

    >>> default_id("Hello")
    'text-f7ff9e8b7bb2'
    """
    return "text-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


class Article(BaseModel):
    """One article: its text, an id, and metadata passed through to its quotes."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(description="The article's text; offsets in the quotes count its characters.")
    id: str | None = Field(None, description="The article's id (default: from its text).")
    date: str | None = Field(None, description="Publication date, e.g. 2019-03-21.")
    outlet: str | None = Field(None, description="The outlet that published it.")

    @model_validator(mode="after")
    def _scalar_metadata(self) -> Article:
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, SCALARS):
                raise ValueError(f"metadata {key!r} must be a string, number, true/false or null, "
                                 f"got {type(value).__name__}")
        return self

    def metadata(self) -> dict[str, Any]:
        """The article's metadata: date, outlet and any other field given, those not null."""
        meta = {"date": self.date, "outlet": self.outlet, **(self.model_extra or {})}
        return {k: v for k, v in meta.items() if v is not None}


class Options(BaseModel):
    """The extraction options of ``quotes extract``, checked as the library checks them."""

    min_confidence: Any = Field(0.0, description="Drop quotes whose attribution is less sure than this (0..1).",
                                json_schema_extra={"type": "number"})
    acts: Any = Field(None, description="Keep only quotes of these acts: speech, belief, evidence, intention.",
                      json_schema_extra={"type": "array", "items": {"type": "string"}})
    unattributed: Any = Field(False, description="Also give the quoted passages no speaker was found for.",
                              json_schema_extra={"type": "boolean"})

    @field_validator("min_confidence")
    @classmethod
    def _min_confidence(cls, value: Any) -> float:
        return _checked(check_min_confidence, value, "min_confidence")

    @field_validator("acts")
    @classmethod
    def _acts(cls, value: Any) -> list[str] | None:
        acts = _checked(check_acts, value, "acts")
        return sorted(acts) if acts is not None else None

    @field_validator("unattributed")
    @classmethod
    def _unattributed(cls, value: Any) -> bool:
        return _checked(check_flag, value, "unattributed")


def _checked(check: Any, value: Any, name: str) -> Any:
    """Run one of :mod:`quotes.options`' checks; its TypeError is a validation error here too."""
    try:
        return check(value, name=name)
    except TypeError as exc:
        raise ValueError(str(exc)) from None


class ExtractRequest(Options):
    """``{"text": ...}`` with an optional id, date and outlet, or ``{"documents": [...]}``; and options.

    Other fields are refused (a misspelt option is not taken for metadata); the articles of
    ``documents`` may carry any metadata.
    """

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="One article's text (or give documents).")
    id: str | None = Field(None, description="The article's id (default: from its text).")
    date: str | None = Field(None, description="Publication date of the article.")
    outlet: str | None = Field(None, description="The outlet that published the article.")
    title: str | None = Field(None, description="The article's title.")
    url: str | None = Field(None, description="The article's address.")
    documents: list[Article] | None = Field(None, description="Several articles (instead of text).")

    @model_validator(mode="after")
    def _one_way(self) -> ExtractRequest:
        if (self.text is None) == (self.documents is None):
            raise ValueError('give "text" (one article) or "documents" (a list of {"text": ...}), not '
                             + ("both" if self.text is not None else "neither"))
        if self.documents is not None and not self.documents:
            raise ValueError('"documents" is empty: give at least one {"text": ...}')
        return self

    def articles(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``(id, text, metadata)`` of each article asked for, ids filled in."""
        if self.text is not None:
            given = {"date": self.date, "outlet": self.outlet, "title": self.title, "url": self.url}
            return [(self.id or default_id(self.text), self.text, {k: v for k, v in given.items() if v is not None})]
        return [(a.id or default_id(a.text), a.text, a.metadata()) for a in self.documents or []]
