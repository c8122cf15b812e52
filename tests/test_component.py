"""The spaCy component `quotes_attributor`: entry point, annotations, config, processes, DocBin."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from quotes.component import (
    FACTORY_NAME,
    QuoteAttributor,
    quote_record,
    register_extensions,
    token_span,
)
from quotes.loader import resolve_model_name
from quotes.parse.paragraphs import paragraph_spans
from quotes.pipeline import Extractor
from quotes.types import Document

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "“We will not back down,” Mayor Ida Holm said on Tuesday. "
    "She added that the city would “fight to the end” and said talks had failed."
)


@pytest.fixture(scope="module")
def component_nlp() -> Language:
    """A pipeline of its own with the component added (the session `nlp` stays untouched)."""
    nlp = spacy.load(resolve_model_name())
    nlp.add_pipe(FACTORY_NAME)
    return nlp


def _seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [text[s:e] for s, e in paragraph_spans(text) if any(m in text[s:e] for m in "\"“”")]
    return paragraphs


def test_component_is_found_through_the_entry_point_without_importing_quotes(tmp_path: Path) -> None:
    script = tmp_path / "use_component.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, sys
            import spacy
            assert not any(m == "quotes" or m.startswith("quotes.") for m in sys.modules)
            nlp = spacy.load({resolve_model_name()!r})
            nlp.add_pipe("quotes_attributor")
            doc = nlp({TEXT!r})
            print(json.dumps({{"quotes": doc._.quotes, "labels": [s.label_ for s in doc.spans["quotes"]]}}))
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["quotes"] and out["labels"] == [q["type"] for q in out["quotes"]]
    assert out["quotes"][0]["speaker"]["name"] == "Ida Holm"


def test_component_gives_the_same_quotes_as_the_extractor_on_seed_paragraphs(
    component_nlp: Language, nlp: Language
) -> None:
    # The component sees the caller's full parse; the Extractor by default parses only the
    # sentences where attribution can happen, so compare with its full parse.
    extractor = Extractor(nlp, full_parse=True)
    paragraphs = _seed_paragraphs()
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        expected = [quote_record(q) for q in extractor.extract(Document(id="p", text=paragraph))]
        assert component_nlp(paragraph)._.quotes == expected, paragraph


def test_records_are_json_safe_with_offsets_into_the_doc_text(component_nlp: Language) -> None:
    doc = component_nlp(TEXT)
    records = doc._.quotes
    assert len(records) >= 2
    assert json.loads(json.dumps(records)) == records
    for record in records:
        assert "doc_id" not in record
        assert doc.text[record["start"] : record["end"]] == record["text"]
        speaker, cue = record["speaker"], record["cue"]
        assert doc.text[speaker["start"] : speaker["end"]] == speaker["mention"]
        assert doc.text[cue["start"] : cue["end"]] == cue["text"]


def test_spans_carry_type_speaker_id_and_their_record(component_nlp: Language) -> None:
    doc = component_nlp(TEXT)
    group = doc.spans["quotes"]
    assert len(group) == len(doc._.quotes)
    for span, record in zip(group, doc._.quotes):
        assert span.label_ == record["type"]
        assert span.kb_id_ == record["speaker"]["id"]
        assert span.start_char <= record["start"] and record["end"] <= span.end_char
        assert span._.quote == record
    assert doc[0:2]._.quote is None


def test_empty_doc_gets_empty_annotations(component_nlp: Language) -> None:
    doc = component_nlp("")
    assert doc._.quotes == [] and list(doc.spans["quotes"]) == []


def test_min_confidence_drops_less_sure_quotes(nlp: Language) -> None:
    strict = spacy.load(resolve_model_name())
    strict.add_pipe(FACTORY_NAME, config={"min_confidence": 0.85})
    text = TEXT + "\n“No,” she said."
    confidences = [q["confidence"] for q in strict(text)._.quotes]
    assert confidences and min(confidences) >= 0.85
    assert len(confidences) < len([q for q in Extractor(nlp).extract(Document("t", text))])


def test_extra_cue_verbs_make_a_new_verb_a_cue() -> None:
    # "blorfed" is made up; the tagger reads it as a past-tense verb and the lemmatizer gives "blorfe".
    text = "“We are ready,” Ann Cole blorfed."
    plain = spacy.load(resolve_model_name(), exclude=["ner"])
    plain.add_pipe(FACTORY_NAME)
    extended = spacy.load(resolve_model_name(), exclude=["ner"])
    extended.add_pipe(FACTORY_NAME, config={"extra_cue_verbs": ["Blorfe"]})
    assert not any((q["cue"] or {}).get("lemma") == "blorfe" and q["rule"].startswith("cue") for q in plain(text)._.quotes)
    (record,) = extended(text)._.quotes
    assert record["cue"]["lemma"] == "blorfe" and record["speaker"]["name"] == "Ann Cole"


def test_extension_and_spans_key_are_configurable() -> None:
    nlp = spacy.load(resolve_model_name(), exclude=["ner"])
    nlp.add_pipe(FACTORY_NAME, config={"extension": "attributed", "spans_key": "said"})
    doc = nlp(TEXT)
    assert doc._.attributed and doc.spans["said"][0]._.quote == doc._.attributed[0]
    assert "quotes" not in doc.spans


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"extension": "not a name"}, "identifier"),
        ({"extra_cue_verbs": ["speak up"]}, "single-word"),
    ],
)
def test_bad_config_is_refused_with_the_setting_named(config: dict[str, Any], message: str) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match=message):
        nlp.add_pipe(FACTORY_NAME, config=config)


def test_registering_extensions_twice_is_harmless() -> None:
    register_extensions("quotes")
    register_extensions("quotes")
    QuoteAttributor(extension="quotes")
    assert Doc.has_extension("quotes") and Span.has_extension("quote")


def test_an_extension_name_taken_by_a_getter_is_refused() -> None:
    Doc.set_extension("quotes_test_taken", default=None, force=True)
    with pytest.raises(ValueError, match="quotes_test_taken"):
        register_extensions("quotes_test_taken")


def test_component_before_the_parser_says_where_to_put_it() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY_NAME)
    with pytest.raises(ValueError, match="after='parser'"):
        nlp("“Yes,” she said.")


def test_token_span_covers_offsets_in_spaces_and_at_the_edges(component_nlp: Language) -> None:
    doc = component_nlp.make_doc("Hello  there, world")
    assert token_span(doc, 0, 5, label="x").text == "Hello"
    assert token_span(doc, 5, 9, label="x").text.strip().startswith("there")
    assert token_span(doc, 8, 19, label="x").text == "there, world"


def test_results_survive_nlp_pipe_with_two_processes(component_nlp: Language) -> None:
    texts = [TEXT, "No quotes here.", "“Prices will fall,” economist Lena Ford said."]
    expected = [component_nlp(text)._.quotes for text in texts]
    docs = list(component_nlp.pipe(texts, n_process=2, batch_size=1))
    assert [doc._.quotes for doc in docs] == expected
    assert [[s.label_ for s in doc.spans["quotes"]] for doc in docs] == [[q["type"] for q in e] for e in expected]


def test_results_survive_processes_started_with_spawn(tmp_path: Path) -> None:
    """With spawn (the default on macOS and Windows) workers unpickle the component."""
    script = tmp_path / "spawn.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, multiprocessing
            import spacy

            if __name__ == "__main__":
                multiprocessing.set_start_method("spawn")
                nlp = spacy.load({resolve_model_name()!r}, exclude=["ner"])
                nlp.add_pipe("quotes_attributor")
                docs = list(nlp.pipe([{TEXT!r}, "No quotes."], n_process=2, batch_size=1))
                print(json.dumps([[q["speaker"]["name"] for q in doc._.quotes] for doc in docs]))
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    names = json.loads(proc.stdout)
    assert names[0] and names[0][0] == "Ida Holm" and names[1] == []


def test_docbin_with_user_data_keeps_records_and_spans(component_nlp: Language) -> None:
    doc = component_nlp(TEXT)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (restored,) = DocBin().from_bytes(data).get_docs(component_nlp.vocab)
    assert restored._.quotes == doc._.quotes
    assert [(s.start, s.end, s.label_, s.kb_id_) for s in restored.spans["quotes"]] == [
        (s.start, s.end, s.label_, s.kb_id_) for s in doc.spans["quotes"]
    ]
    assert restored.spans["quotes"][0]._.quote == doc._.quotes[0]


def test_docbin_without_user_data_keeps_the_spans_only(component_nlp: Language) -> None:
    doc = component_nlp(TEXT)
    data = DocBin(docs=[doc]).to_bytes()
    (restored,) = DocBin().from_bytes(data).get_docs(component_nlp.vocab)
    assert restored._.quotes is None
    assert [(s.label_, s.kb_id_) for s in restored.spans["quotes"]] == [
        (q["type"], q["speaker"]["id"]) for q in doc._.quotes
    ]


def test_pipeline_saved_to_disk_loads_with_its_component_settings(tmp_path: Path) -> None:
    nlp = spacy.load(resolve_model_name(), exclude=["ner"])
    nlp.add_pipe(FACTORY_NAME, config={"min_confidence": 0.3, "extra_cue_verbs": ["blorfe"]})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    component = loaded.get_pipe(FACTORY_NAME)
    assert isinstance(component, QuoteAttributor)
    assert component.min_confidence == 0.3 and "blorfe" in component.lexicon.cue_verbs
    assert loaded(TEXT)._.quotes == nlp(TEXT)._.quotes
