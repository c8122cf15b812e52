"""Speaker names within a document: titles split off, casing restored, variants merged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.lexicon import default_lexicon
from quotes.names.casing import best_form, titlecase_name, titlecase_title
from quotes.names.document import match_handle, resolve_in_document
from quotes.names.keys import canonical_key, clean_name, name_key, speaker_id
from quotes.names.split import normalize_name, split_mention
from quotes.pipeline import Extractor
from quotes.types import Document

# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "name", "title"),
    [
        ("U.S. Secretary of State Mike Pompeo", "Mike Pompeo", "U.S. Secretary of State"),
        ("Trump's National Security Advisor John Bolton", "John Bolton", "Trump's National Security Advisor"),
        ("Venezuelan opposition leader Juan Guaido", "Juan Guaido", "Venezuelan opposition leader"),
        ("head of state nicolas maduro", "Nicolas Maduro", "Head of State"),
        ("Mayor Ida Holm", "Ida Holm", "Mayor"),
        ("former Finance Minister Lars Berg", "Lars Berg", "former Finance Minister"),
        ("the city's police chief, Ann Cole", "Ann Cole", "city's police chief"),
        ("the police chief, Ann Cole and the", "Ann Cole", "police chief"),  # a mention cut after "and"
        ("Ann Cole, the police chief", "Ann Cole", "police chief"),
    ],
)
def test_role_words_move_to_the_title(mention: str, name: str, title: str) -> None:
    parts = split_mention(mention)
    assert (parts.name, parts.title) == (name, title)


@pytest.mark.parametrize(
    ("mention", "name", "title"),
    [
        ("the leader of the opposition voluntad popular party, sergio vergara", "Sergio Vergara",
         "Leader of the Opposition Voluntad Popular Party"),
        ("the head of the farmers union, bo lee", "Bo Lee", "Head of the Farmers Union"),
        ("a human rights NGO, Foro Penal", "Foro Penal", "human rights NGO"),
    ],
)  # fmt: skip
def test_a_name_after_a_role_and_a_comma_is_the_name(mention: str, name: str, title: str) -> None:
    parts = split_mention(mention)
    assert (parts.name, parts.title) == (name, title)


@pytest.mark.parametrize(
    "mention",
    ["Maduro, who has ruled since 2013", "Maduro, 56", "Maduro, a former bus driver", "Maduro and his ministers",
     "Maduro and the ruling party"],
)
def test_a_clause_age_or_conjunct_after_a_name_is_dropped(mention: str) -> None:
    assert split_mention(mention).name == "Maduro"


def test_a_conjunct_that_is_one_name_stays_whole() -> None:
    assert split_mention("the Bill and Melinda Gates Foundation").name == "Bill and Melinda Gates Foundation"


def test_words_before_a_name_without_a_role_are_not_a_title() -> None:
    assert split_mention("Even Lindsey Graham", name="Lindsey Graham", kind="person").title is None
    assert split_mention("Texas Sen. Ted Cruz", name="Ted Cruz", kind="person").title == "Texas Sen."


def test_a_person_led_body_in_the_title_leaves_a_person() -> None:
    assert split_mention("the leader of the opposition party, sergio vergara").kind == "person"


def test_the_engines_name_is_corrected_when_the_mention_says_otherwise() -> None:
    parts = split_mention("a human rights NGO, Foro Penal", name="NGO", kind="org")
    assert (parts.name, parts.title, parts.kind) == ("Foro Penal", "human rights NGO", "org")
    parts = split_mention("Opposition lawmaker Sergio Vergara", name="lawmaker Sergio Vergara", kind="person")
    assert (parts.name, parts.title) == ("Sergio Vergara", "Opposition lawmaker")


def test_the_engines_name_in_an_apposition_after_a_role_noun_is_the_name() -> None:
    # "owner" is in no list of titles: the apposition the engine read as the name still wins
    parts = split_mention("the bakery's owner, Tom Reyes", name="Tom Reyes", kind="person")
    assert (parts.name, parts.title) == ("Tom Reyes", "bakery's owner")


def test_an_apposition_with_its_own_title_still_gives_the_name() -> None:
    # "early supporter" is no title; the apposition's own "Senator" is the role that counts
    parts = split_mention("One early supporter, Senator Nora Hale, Democrat of Ohio", name="Nora Hale", kind="person")
    assert (parts.name, parts.title) == ("Nora Hale", "Senator")


# --- casing --------------------------------------------------------------------------


def test_miscased_mentions_get_news_casing() -> None:
    parts = split_mention("u.S. Secretary of state mike pompeo")
    assert (parts.name, parts.title, parts.written) == ("Mike Pompeo", "U.S. Secretary of State", "mike pompeo")


def test_a_well_cased_document_keeps_lowercase_role_words() -> None:
    parts = split_mention("opposition leader Juan Guaido", miscased=False)
    assert parts.title == "opposition leader"


@pytest.mark.parametrize(
    ("raw", "cased"),
    [("mike pompeo", "Mike Pompeo"), ("juan de la cruz", "Juan de la Cruz"), ("sean o'brien", "Sean O'Brien"),
     ("jean-luc picard", "Jean-Luc Picard"), ("u.s.", "U.S.")],
)  # fmt: skip
def test_titlecase_name(raw: str, cased: str) -> None:
    assert titlecase_name(raw) == cased


def test_titlecase_title_keeps_small_words_small() -> None:
    assert titlecase_title("u.S. Secretary of state") == "U.S. Secretary of State"


def test_best_form_prefers_the_fullest_then_the_well_cased_variant() -> None:
    assert best_form(["mike pompeo", "Pompeo", "Mike Pompeo", "mike pompeo"]) == "Mike Pompeo"
    assert best_form(["sergio vergara"]) == "Sergio Vergara"
    assert best_form(["rights groups"], recase=False) == "rights groups"


# --- organisations and groups --------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "name", "kind"),
    [
        ("Venezuela's Information Ministry", "Venezuela's Information Ministry", "org"),
        ("the so-called lima group", "Lima Group", "org"),
        ("Foro Penal", "Foro Penal", "person"),
        ("rights groups", "rights groups", "group"),
        ("legislators", "legislators", "group"),
        ("the opposition", "opposition", "group"),
        ("a joint statement", "a joint statement", "group"),
        ("the Ministry of Defence", "Ministry of Defence", "org"),
    ],
)
def test_organisations_and_groups_are_named_without_their_article(mention: str, name: str, kind: str) -> None:
    parts = split_mention(mention)
    assert (parts.name, parts.kind) == (name, kind)


def test_the_engine_kind_keeps_a_common_noun_group_lowercase() -> None:
    assert split_mention("the human rights group", kind="group", miscased=False).name == "human rights group"


@pytest.mark.parametrize("variant", ["The United States", "the U.S.", "US", "U.S.", "the United States of America", "USA"])
def test_names_of_the_united_states_are_one(variant: str) -> None:
    assert speaker_id(variant) == "united-states"
    assert canonical_key(normalize_name(variant)) == "united states"


def test_the_pronoun_us_is_not_the_united_states() -> None:
    assert speaker_id("us") == "us"


def test_abbreviation_keeps_its_final_dot() -> None:
    assert clean_name("the U.S.") == "the U.S."
    assert clean_name("Pompeo’s") == "Pompeo"


def test_alias_data_file_maps_to_canonical_names_that_are_not_aliases() -> None:
    aliases = default_lexicon().alias_keys
    assert aliases and not set(aliases.values()) & set(aliases)


# --- variants within a document ------------------------------------------------------


def test_surname_and_first_name_resolve_to_the_full_name() -> None:
    display = resolve_in_document(["Mike Pompeo", "Pompeo", "Juan Guaido", "Juan"])
    assert display["Pompeo"] == "Mike Pompeo"
    assert display["Juan"] == "Juan Guaido"


def test_a_surname_shared_by_two_full_names_stays_as_written() -> None:
    display = resolve_in_document(["Bill Clinton", "Hillary Clinton", "Clinton"])
    assert display["Clinton"] == "Clinton"


@pytest.mark.parametrize(("handle", "name"), [("@jguaido", "Juan Guaido"), ("@Robertomarrero", "Roberto Marrero"),
                                             ("@realDonaldTrump", "Donald Trump")])  # fmt: skip
def test_twitter_handles_resolve_to_the_name_they_spell(handle: str, name: str) -> None:
    names = ["Juan Guaido", "Roberto Marrero", "Donald Trump", "Mike Pompeo"]
    assert match_handle(handle, names) == name
    assert resolve_in_document([*names, handle])[handle] == name


def test_a_handle_without_its_name_stays_a_handle() -> None:
    assert match_handle("@jguaido", ["Mike Pompeo"]) is None
    assert resolve_in_document(["Mike Pompeo", "@jguaido"])["@jguaido"] == "@jguaido"


def test_extractor_names_every_variant_of_a_speaker_alike(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“We will not back down,” u.S. Secretary of state ann cole wrote on twitter.\n\n"
        "“The talks are over,” cole said on thursday.\n\n"
        "“This is a good day,” she added."
    )
    quotes = Extractor(nlp).extract(Document(id="t", text=text))
    assert [q.speaker.name for q in quotes if q.speaker] == ["Ann Cole"] * 3
    assert quotes[0].speaker is not None and quotes[0].speaker.title == "U.S. Secretary of State"
    assert {q.speaker.id for q in quotes if q.speaker} == {"ann-cole"}


def test_extractor_takes_the_name_from_an_apposition_after_a_role(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“Nobody is safe,” said the leader of the green party, sergio blanco."
    quotes = Extractor(nlp).extract(Document(id="t", text=text))
    assert quotes and quotes[0].speaker is not None
    assert quotes[0].speaker.name == "Sergio Blanco"
    assert quotes[0].speaker.title == "Leader of the Green Party"


# --- properties ----------------------------------------------------------------------

WORDS = ["Mike", "POMPEO", "juan", "Guaidó", "de", "la", "Cruz", "U.S.", "u.S.", "Secretary", "of", "State", "the",
         "so-called", "lima", "group", "rights", "groups", "leader", "party", "O'Brien", "Trump's", "Ministry", "@jguaido",
         "Jean-Luc", "head", "NGO", ",", "who", "said", "35", "and", "a", "US", "’s"]  # fmt: skip
mentions = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
any_text = st.one_of(mentions, st.text(max_size=30))


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_normalisation_never_empties_a_name(text: str) -> None:
    if text.strip():
        assert normalize_name(text).strip()


@settings(max_examples=300, deadline=None)
@given(text=mentions)
def test_normalisation_is_blind_to_case_and_extra_whitespace(text: str) -> None:
    key = name_key(normalize_name(text))
    assert name_key(normalize_name(text.lower())) == key
    assert name_key(normalize_name(text.upper())) == key
    assert normalize_name("  " + text.replace(" ", " \t  ") + "\n") == normalize_name(text)
    if "US" not in text.split():  # a short acronym is an alias only in capitals ("us" is a pronoun)
        assert speaker_id(normalize_name(text.swapcase())) == speaker_id(normalize_name(text))


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(["ana", "ruiz", "bo", "lee", "de", "la", "mike", "pompeo"]), min_size=2, max_size=4))
def test_a_lowercase_name_is_shown_as_its_title_cased_form(words: list[str]) -> None:
    text = " ".join(words)
    assert normalize_name(text) == normalize_name(titlecase_name(text)) == titlecase_name(text)


@pytest.mark.parametrize("mention, name", [("The attorney general", "attorney general"), ("the chief executive", "chief executive")])
def test_a_role_of_role_words_alone_is_kept_whole(mention: str, name: str) -> None:
    # "attorney" is a role word and so is "general": with no name after them, the role is the name
    parts = split_mention(mention)
    assert (parts.name, parts.title) == (name, None)
