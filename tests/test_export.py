"""Tests for quotes.export.jsonl: JSONL round trips and the output JSON Schema."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import jsonlines
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import quotes as package
from quotes.export import jsonl as export
from quotes.export.journal import journal_records
from quotes.export.jsonl import QUOTE_FIELDS, load_schema, quote_from_dict, read_quotes, validate_record, write_quotes
from quotes.types import ACTS, QUOTE_TYPES, Clause, Cue, GenderEvidence, Quote, Speaker

POMPEO = Quote(
    doc_id="000_edca51f5aae81e57.txt",
    index=0,
    text="we will hold accountable those involved.",
    start=651,
    end=691,
    type="direct",
    speaker=Speaker(
        name="Mike Pompeo",
        id="mike-pompeo",
        mention="Mike Pompeo",
        start=519,
        end=530,
        title="U.S. Secretary of State",
    ),
    cue=Cue(text="said", lemma="say", start=645, end=649),
    confidence=0.92,
    rule="cue_verb_subject",
    meta={"date": "2019-03-21", "title": "Guaidó aide “detained”"},
)
MADURO = Quote(
    doc_id="000_edca51f5aae81e57.txt",
    index=1,
    text="face justice,",
    start=1002,
    end=1015,
    type="partial",
    speaker=Speaker(name="Nicolas Maduro", id="nicolas-maduro", mention="he", start=990, end=992),
    cue=None,
    confidence=0.6,
    rule="partial_in_clause",
    statement="s3",
)
ORPHAN = Quote(
    doc_id="doc-2",
    index=0,
    text="intelligence agents had detained his chief of staff",
    start=0,
    end=51,
    type="indirect",
    speaker=None,
    cue=None,
    confidence=0.0,
    rule="none",
)
QUOTES = [POMPEO, MADURO, ORPHAN]


def export_to_string(quotes: list[Quote]) -> str:
    """Write ``quotes`` to a string."""
    buffer = io.StringIO()
    write_quotes(quotes, buffer)
    return buffer.getvalue()


# -- writing and reading -----------------------------------------------------------------


def test_write_quotes_returns_count_and_writes_one_compact_line_each() -> None:
    buffer = io.StringIO()
    assert write_quotes(QUOTES, buffer) == 3
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 3 and buffer.getvalue().endswith("\n")
    assert ", " not in lines[2] and ": " not in lines[2]
    assert "“detained”" in lines[0] and "\\u" not in lines[0]


def test_write_quotes_keeps_stream_open_and_accepts_generators() -> None:
    buffer = io.StringIO()
    assert write_quotes((q for q in QUOTES), buffer) == 3
    buffer.write("still open")


def test_write_then_read_gives_the_same_records() -> None:
    records = list(read_quotes(io.StringIO(export_to_string(QUOTES))))
    assert records == [q.to_dict() for q in QUOTES]
    assert list(records[0])[:2] == ["date", "title"]
    assert "statement" not in records[0] and records[1]["statement"] == "s3"


def test_write_then_read_file_gives_equal_quotes(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with path.open("w", encoding="utf-8") as fp:
        write_quotes(QUOTES, fp)
    assert [quote_from_dict(r) for r in read_quotes(path)] == QUOTES
    assert [quote_from_dict(r) for r in read_quotes(str(path))] == QUOTES


def test_read_quotes_skips_blank_lines() -> None:
    text = "\n" + export_to_string([POMPEO]) + "\n  \n"
    assert [quote_from_dict(r) for r in read_quotes(io.StringIO(text))] == [POMPEO]


@pytest.mark.parametrize("bad_line", ["not json", "[1, 2]"])
def test_read_quotes_names_the_bad_line(bad_line: str) -> None:
    text = export_to_string([POMPEO]) + bad_line + "\n"
    with pytest.raises(jsonlines.InvalidLineError) as info:
        list(read_quotes(io.StringIO(text)))
    assert info.value.lineno == 2


def test_write_quotes_refuses_nan() -> None:
    with pytest.raises(ValueError):
        write_quotes([dataclasses.replace(POMPEO, meta={"score": float("nan")})], io.StringIO())


def test_confidence_is_written_to_three_decimals() -> None:
    (record,) = read_quotes(io.StringIO(export_to_string([dataclasses.replace(POMPEO, confidence=0.123456)])))
    assert record["confidence"] == 0.123


def test_quote_from_dict_puts_unknown_keys_in_meta() -> None:
    record = {**POMPEO.to_dict(), "url": "https://example.com/a", "publisher": "reuters"}
    quote = quote_from_dict(record)
    assert dict(quote.meta) == {**POMPEO.meta, "url": "https://example.com/a", "publisher": "reuters"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rule": None}, "missing required field(s) rule"),
        ({"type": "quoted"}, "expected one of direct, partial, indirect"),
        ({"speaker": {"name": "X"}}, "'speaker' has missing keys"),
        ({"cue": {"text": "said", "lemma": "say", "start": 1, "end": 5, "pos": "VERB"}}, "unknown keys ['pos']"),
        ({"cue": "said"}, "must be an object or null"),
    ],
)
def test_quote_from_dict_rejects_malformed_records(change: dict[str, Any], message: str) -> None:
    record = POMPEO.to_dict()
    for key, value in change.items():
        if value is None:
            del record[key]
        else:
            record[key] = value
    with pytest.raises(ValueError) as info:
        quote_from_dict(record)
    assert message in str(info.value)


# -- schema ------------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_matches_the_model() -> None:
    schema = load_schema()
    assert set(schema["properties"]) == set(QUOTE_FIELDS)
    assert set(schema["required"]) == set(QUOTE_FIELDS) - {"statement", "clause"}
    assert schema["properties"]["act"]["enum"] == list(ACTS)
    assert set(schema["properties"]["clause"]["properties"]) == {f.name for f in dataclasses.fields(Clause)}
    speaker, cue = schema["properties"]["speaker"]["oneOf"][1], schema["properties"]["cue"]["oneOf"][1]
    assert set(speaker["properties"]) == {f.name for f in dataclasses.fields(Speaker) if f.metadata.get("output", True)}
    assert set(cue["properties"]) == {f.name for f in dataclasses.fields(Cue)}
    assert schema["properties"]["type"]["enum"] == list(QUOTE_TYPES)


def test_load_schema_returns_a_copy() -> None:
    schema = load_schema()
    schema["required"].clear()
    assert load_schema()["required"]
    assert export.SCHEMA == load_schema()


def test_schema_ships_as_package_data() -> None:
    schema_file = Path(package.__file__).parent / "data" / "quote.schema.json"
    assert json.loads(schema_file.read_text(encoding="utf-8")) == load_schema()


@pytest.mark.parametrize("quote", QUOTES, ids=["direct", "partial", "indirect"])
def test_written_records_validate(quote: Quote) -> None:
    (record,) = read_quotes(io.StringIO(export_to_string([quote])))
    validate_record(record)


def test_metadata_properties_are_allowed() -> None:
    validate_record({**POMPEO.to_dict(), "url": "https://x", "nested": {"any": [1, 2]}})


def _without(key: str) -> Any:
    def change(record: dict[str, Any]) -> None:
        del record[key]

    return change


def _set(path: tuple[str, ...], value: Any) -> Any:
    def change(record: dict[str, Any]) -> None:
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD_RECORDS = {
    "start as string": _set(("start",), "651"),
    "negative end": _set(("end",), -1),
    "negative index": _set(("index",), -1),
    "float index": _set(("index",), 0.5),
    "bool start": _set(("start",), True),
    "unknown type": _set(("type",), "quoted"),
    "mixed type": _set(("type",), "mixed"),
    "confidence above one": _set(("confidence",), 1.5),
    "confidence as string": _set(("confidence",), "0.9"),
    "doc_id as number": _set(("doc_id",), 7),
    "statement null": _set(("statement",), None),
    "speaker as string": _set(("speaker",), "Mike Pompeo"),
    "empty speaker name": _set(("speaker", "name"), ""),
    "speaker title number": _set(("speaker", "title"), 3),
    "speaker extra key": _set(("speaker", "gender"), "m"),
    "speaker without id": lambda r: r["speaker"].pop("id"),
    "cue without lemma": lambda r: r["cue"].pop("lemma"),
    "cue start string": _set(("cue", "start"), "645"),
    "missing rule": _without("rule"),
    "missing speaker": _without("speaker"),
    "missing cue": _without("cue"),
}


@pytest.mark.parametrize("spoil", list(BAD_RECORDS.values()), ids=list(BAD_RECORDS))
def test_bad_records_fail_validation(spoil: Any) -> None:
    record = copy.deepcopy(POMPEO.to_dict())
    spoil(record)
    with pytest.raises(jsonschema.ValidationError):
        validate_record(record)


def test_validation_error_names_the_field() -> None:
    record = {**POMPEO.to_dict(), "start": "651"}
    with pytest.raises(jsonschema.ValidationError) as info:
        validate_record(record)
    assert list(info.value.absolute_path) == ["start"]


# -- round-trip property -----------------------------------------------------------------

# Keys Quote.to_dict() writes itself or drops ("id", "quotes"): never metadata.
_NOT_META = frozenset(QUOTE_FIELDS) | {"id", "quotes"}

offsets = st.integers(min_value=0, max_value=10**7)
optional_text = st.none() | st.text()
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)

speakers = st.builds(
    Speaker,
    name=st.text(min_size=1),
    id=st.text(),
    mention=st.text(),
    start=offsets,
    end=offsets,
    title=optional_text,
)
cues = st.builds(Cue, text=st.text(), lemma=st.text(), start=offsets, end=offsets)
quotes = st.builds(
    Quote,
    doc_id=st.text(),
    index=st.integers(min_value=0, max_value=10**6),
    text=st.text(),
    start=offsets,
    end=offsets,
    type=st.sampled_from(QUOTE_TYPES),
    speaker=st.none() | speakers,
    cue=st.none() | cues,
    # Written rounded to 3 decimals, so only such values round-trip exactly.
    confidence=st.integers(min_value=0, max_value=1000).map(lambda n: n / 1000),
    rule=st.text(),
    statement=optional_text,
    meta=st.dictionaries(st.text().filter(lambda k: k not in _NOT_META), scalars, max_size=5),
)


@given(st.lists(quotes, max_size=5))
def test_export_then_read_gives_equal_quotes(originals: list[Quote]) -> None:
    buffer = io.StringIO()
    assert write_quotes(originals, buffer) == len(originals)
    buffer.seek(0)
    records = list(read_quotes(buffer))
    for record in records:
        validate_record(record)
    assert [quote_from_dict(record) for record in records] == originals


@given(quotes)
def test_export_is_idempotent_through_read(quote: Quote) -> None:
    once = export_to_string([quote])
    (record,) = read_quotes(io.StringIO(once))
    assert export_to_string([quote_from_dict(record)]) == once


def test_the_journal_form_keeps_every_piece_of_evidence_the_output_form_does_not() -> None:
    he = GenderEvidence("pronoun", "he", "male", "d", 40, 42)
    mr = GenderEvidence("honorific", "Mr.", "male", "d", 10, 13)
    speaker = Speaker("Al Roe", "al-roe", "Mr. Roe", 10, 17, gender="male", gender_evidence=mr, evidence=(mr, he))
    quote = Quote("d", 0, "Yes,", 1, 5, "direct", speaker, None, 0.9, "cue_governs")
    assert "evidence" not in quote.to_dict()["speaker"]
    journaled = quote_from_dict(json.loads(json.dumps(quote.to_dict(evidence=True))))
    assert journaled.speaker is not None and journaled.speaker.evidence == (mr, he)
    assert quote_from_dict(quote.to_dict()).speaker.evidence == ()  # type: ignore[union-attr]


def test_the_journal_writes_a_speakers_evidence_once_a_document() -> None:
    he = GenderEvidence("pronoun", "he", "male", "d", 40, 42)
    evidence = (he, GenderEvidence("pronoun", "He", "male", "d", 80, 82))
    roe = Speaker("Al Roe", "al-roe", "he", 40, 42, gender="male", gender_evidence=he, evidence=evidence)
    lee = Speaker("Jo Lee", "jo-lee", "Lee", 50, 53, evidence=())
    quotes = [Quote("d", i, "Yes,", i, i + 4, "direct", s, None, 0.9, "cue_governs") for i, s in enumerate([roe, lee, roe, None])]
    records = journal_records(quotes)
    assert ["evidence" in r["speaker"] if r["speaker"] else None for r in records] == [True, False, False, None]
    assert [r for r in records if r is not records[0]] == [q.to_dict() for q in quotes[1:]]
    assert quote_from_dict(records[0]).speaker.evidence == evidence  # type: ignore[union-attr]
