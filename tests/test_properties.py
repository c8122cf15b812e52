"""Properties of the whole extractor on generated news-like text (model loaded once)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.export.jsonl import validate_record
from quotes.pipeline import Extractor
from quotes.types import Document

NAMES = ["Ana Ruiz", "he", "she", "the spokesman", "Senator Bill Ames", "guaido", "officials", "It"]
CUES = ["said", "told reporters", "tweeted", "added", "wrote on Twitter", "says", "warned"]
OPEN_CLOSE = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“"), ("``", "''"), ("“", ""), ("", "”")]
WORDS = st.sampled_from(["we", "will", "win", "the", "vote", "Maduro’s", "don't", "’90s", "Jones’", "never", "rigged", "?", ".", ","])

fragment = st.one_of(
    st.builds(lambda n, c: f"{n} {c}", st.sampled_from(NAMES), st.sampled_from(CUES)),
    st.builds(lambda oc, ws: f"{oc[0]}{' '.join(ws)}{oc[1]}", st.sampled_from(OPEN_CLOSE), st.lists(WORDS, min_size=1, max_size=8)),
    st.builds(lambda ws: " ".join(ws), st.lists(WORDS, min_size=1, max_size=6)),
    st.sampled_from([", ", ". ", ": ", "\n\n", "\n", " that ", "according to ", "\r\n"]),
    st.text(max_size=8),
)
texts = st.lists(fragment, min_size=1, max_size=14).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts)
def test_every_span_points_into_the_text_and_quotes_do_not_overlap(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    quotes = Extractor(nlp).extract(Document(id="gen", text=text))
    marked = []
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.start < q.end
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.mention
            assert q.speaker.name
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        assert 0.0 <= q.confidence <= 1.0
        validate_record(q.to_dict())
        if q.type in ("direct", "partial"):
            marked.append(q)
    marked.sort(key=lambda q: q.start)
    for a, b in zip(marked, marked[1:]):
        assert a.end <= b.start, (a.to_dict(), b.to_dict())
    assert [q.index for q in quotes] == list(range(len(quotes)))
