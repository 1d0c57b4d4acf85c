"""The case form's five channels are the guidance's five, as the engine's data has them."""

from django.utils import translation

from postcheck.cases.models import Case
from postcheck.engine import default_engine


def test_case_channels_are_the_engine_channels():
    choices = Case._meta.get_field("channel").choices
    assert [value for value, _ in choices] == [c["id"] for c in default_engine().channels("en")]


def test_case_channels_are_labelled_in_the_language_of_the_page():
    with translation.override("fr"):
        labels = [str(label) for _, label in Case._meta.get_field("channel").choices]
    assert labels == [c["label"] for c in default_engine().channels("fr")]
