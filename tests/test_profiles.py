"""Who gets quoted: each speaker's kind, and its gender from the text's own evidence.

End to end on small self-written cases (tests/cases/speakers.jsonl), and the decision rules
on evidence built by hand: across documents, in the output records, the speaker index and
the spaCy component.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from quotes.component import quote_record
from quotes.crossdoc.run import RunWriter, resolve_quotes
from quotes.export.jsonl import quote_from_dict, read_quotes, validate_record
from quotes.names.profile import GenderRecord, decide_gender, majority_kind
from quotes.pipeline import Extractor
from quotes.types import Document, GenderConflict, GenderEvidence, Quote, Speaker

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases" / "speakers.jsonl").open(encoding="utf-8")]
CASE_KEYS = frozenset({"id", "text", "speaker", "kind", "gender", "evidence", "why"})


def _evidence(kind: str, text: str, gender: str, doc: str, start: int = 0) -> GenderEvidence:
    return GenderEvidence(kind, text, gender, doc, start, start + len(text))  # type: ignore[arg-type]


def _quote(doc: str, index: int, name: str, *, kind: str = "person", evidence: tuple[GenderEvidence, ...] = ()) -> Quote:
    speaker = Speaker(name, "", name, 0, len(name), kind=kind, evidence=evidence)  # type: ignore[arg-type]
    return Quote(doc, index, "It is.", 20, 26, "direct", speaker, None, 0.9, "test")


# --- the cases, end to end ---------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor(nlp: Language) -> Extractor:
    return Extractor(nlp)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_speaker_case_has_its_kind_gender_and_evidence(extractor: Extractor, case: dict[str, Any]) -> None:
    assert set(case) == CASE_KEYS
    found = [q for q in extractor.extract(Document("t", case["text"])) if q.speaker and q.speaker.name == case["speaker"]]
    assert found, f"no quote of {case['speaker']!r}"
    speaker = found[0].speaker
    assert speaker is not None
    assert (speaker.kind, speaker.gender) == (case["kind"], case["gender"]), case["why"]
    shown = speaker.gender_evidence
    if case["evidence"] is None:
        assert shown is None or isinstance(shown, GenderConflict)
    else:
        assert isinstance(shown, GenderEvidence) and {"type": shown.type, "text": shown.text} == case["evidence"]
        assert case["text"][shown.start : shown.end] == shown.text


def test_cases_cover_every_kind_and_every_type_of_evidence() -> None:
    assert {c["kind"] for c in CASES} == {"person", "anonymous", "group", "organization", "document"}
    assert {c["evidence"]["type"] for c in CASES if c["evidence"]} == {"pronoun", "honorific", "role_noun"}
    assert sum(c["gender"] is None and c["kind"] == "person" for c in CASES) >= 4


def test_every_quote_of_one_speaker_in_a_text_has_the_same_kind_and_gender(extractor: Extractor) -> None:
    text = "“We will win,” Mrs. Lopez said. Lopez added that the vote was close. “It is,” she said."
    speakers = [q.speaker for q in extractor.extract(Document("t", text)) if q.speaker is not None]
    assert len(speakers) == 3 and {(s.id, s.kind, s.gender) for s in speakers} == {("lopez", "person", "female")}


# --- deciding the gender -------------------------------------------------------------------


def test_words_beside_the_name_outweigh_a_misread_pronoun() -> None:
    found = [_evidence("honorific", "Mr.", "male", "a"), _evidence("pronoun", "she", "female", "b")]
    gender, shown = decide_gender(found)
    assert gender == "male" and isinstance(shown, GenderEvidence) and shown.text == "Mr."


def test_words_that_disagree_leave_the_gender_unknown_and_say_so() -> None:
    female, male = _evidence("role_noun", "spokeswoman", "female", "a"), _evidence("role_noun", "spokesman", "male", "b")
    gender, shown = decide_gender([male, female, _evidence("pronoun", "she", "female", "c")])
    assert gender is None and shown == GenderConflict((female, male))
    assert shown.to_dict()["type"] == "conflict"


def test_pronouns_decide_only_when_every_document_that_votes_agrees() -> None:
    she_a, he_a = _evidence("pronoun", "she", "female", "a", 1), _evidence("pronoun", "he", "male", "a", 9)
    she_b = _evidence("pronoun", "she", "female", "b")
    assert decide_gender([she_a, he_a, she_b])[0] == "female"  # document a disagrees with itself: no vote
    assert decide_gender([she_b, _evidence("pronoun", "he", "male", "c")])[0] is None
    assert decide_gender([]) == (None, None)


def test_the_evidence_shown_comes_from_the_quotes_own_document() -> None:
    record = GenderRecord.of([_evidence("honorific", "Ms.", "female", "a"), _evidence("pronoun", "she", "female", "b", 5)])
    assert record.gender == "female"
    assert record.shown("b") == _evidence("pronoun", "she", "female", "b", 5)
    assert record.shown("c") == _evidence("honorific", "Ms.", "female", "a")


def test_the_kind_of_a_speaker_is_its_most_frequent() -> None:
    assert majority_kind(["organization", "person", "person"]) == "person"
    assert majority_kind({"group": 1, "anonymous": 1}) == "group"  # a tie goes by the order of kinds
    assert majority_kind([]) == "person"


# --- across documents ----------------------------------------------------------------------


def test_every_record_of_a_speaker_id_says_the_same_kind_and_gender() -> None:
    she = _evidence("pronoun", "she", "female", "b", 40)
    batches = [
        ("a", [_quote("a", 0, "Ana Ruiz"), _quote("a", 1, "Ruiz", kind="organization")]),
        ("b", [_quote("b", 0, "Ana Ruiz", evidence=(she,))]),
    ]
    resolved, resolution = resolve_quotes(batches)
    speakers = [q.speaker for q in resolved]
    assert {(s.id, s.kind, s.gender) for s in speakers if s} == {("ana-ruiz", "person", "female")}
    assert all(s is not None and s.gender_evidence == she for s in speakers)
    (entry,) = resolution.speaker_records()
    assert entry["gender"] == "female" and entry["gender_evidence"] == [she.to_dict()]


def test_groups_organisations_and_documents_have_no_gender() -> None:
    he = _evidence("pronoun", "he", "male", "a")
    resolved, _ = resolve_quotes([("a", [_quote("a", 0, "the campaign", kind="organization", evidence=(he,))])])
    speaker = resolved[0].speaker
    assert speaker is not None and (speaker.kind, speaker.gender, speaker.gender_evidence) == ("organization", None, None)


def test_written_records_carry_kind_and_gender_and_validate() -> None:
    female, male = _evidence("honorific", "Ms.", "female", "a", 3), _evidence("honorific", "Mr.", "male", "b", 7)
    out, speakers = io.StringIO(), io.StringIO()
    with RunWriter(out, speakers=speakers) as writer:
        writer.write(Document("a", "x" * 40), [_quote("a", 0, "Lee", evidence=(female,))])
        writer.write(Document("b", "x" * 40), [_quote("b", 0, "Lee", evidence=(male,))])
    records = list(read_quotes(io.StringIO(out.getvalue())))
    for record in records:
        validate_record(record)
        assert record["speaker"]["kind"] == "person" and record["speaker"]["gender"] is None
        assert record["speaker"]["gender_evidence"]["type"] == "conflict"
    # a record read back rebuilds its evidence, and re-indexing it gives the same speaker
    quote = quote_from_dict(records[0])
    assert quote.speaker is not None and quote.speaker.gender_evidence == GenderConflict((female, male))
    index = json.loads(speakers.getvalue().splitlines()[0])
    assert index["gender"] is None and {e["gender"] for e in index["gender_evidence"]} == {"female", "male"}


def test_a_speaker_refuses_a_kind_or_gender_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="person, anonymous, group, organization, document"):
        Speaker("A", "a", "A", 0, 1, kind="org")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="female, male"):
        Speaker("A", "a", "A", 0, 1, gender="f")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pronoun, honorific, role_noun"):
        Speaker("A", "a", "A", 0, 1, gender_evidence={"type": "name", "text": "Mary", "gender": "female",  # type: ignore[arg-type]
                                                      "doc_id": "", "start": 0, "end": 4})


def test_the_component_gives_kind_and_gender_without_document_ids(nlp: Language) -> None:
    extractor = Extractor(nlp)
    (quote, *_) = extractor.extract(Document("t", "“We will win,” Mrs. Lopez said on Monday."))
    record = quote_record(quote)
    assert record["speaker"]["kind"] == "person" and record["speaker"]["gender"] == "female"
    assert record["speaker"]["gender_evidence"] == {"type": "honorific", "text": "Mrs.", "gender": "female", "start": 15, "end": 19}


# --- the seed articles ---------------------------------------------------------------------

#: The kind of every speaker of the seed articles, as a careful reader judges them.
SEED_KINDS = {
    "juan-guaido": "person", "mike-pompeo": "person", "sergio-vergara": "person", "nicolas-maduro": "person",
    "john-bolton": "person", "roberto-marrero": "person", "donald-trump": "person", "michelle-bachelet": "person",
    "united-states": "organization", "foro-penal": "organization", "lima-group": "organization",
    "office-of-un-human-rights-commissioner-michelle-bachelet": "organization",
    "dozens-of-countries-including-the-united-states": "group", "his-political-adversaries": "group",
    "legislators": "group", "opposition": "group", "rights-groups": "group",
}  # fmt: skip


def test_every_speaker_of_the_seeds_has_its_kind(extractor: Extractor) -> None:
    from quotes.read import read_documents

    documents = list(read_documents([str(Path(__file__).resolve().parent.parent / "seeds")], on_problem=lambda p: None))
    resolved, resolution = resolve_quotes(extractor.extract_many(documents))
    kinds = {entry["id"]: entry["kind"] for entry in resolution.speaker_records()}
    assert kinds == SEED_KINDS
    names = {q.speaker.id: q.speaker.name for q in resolved if q.speaker}
    assert names["his-political-adversaries"] == "his political adversaries"
