"""The cases app in both languages: every French message translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postcheck.cases import attachments

pytestmark = pytest.mark.django_db


def test_every_french_message_of_the_cases_app_is_translated():
    po = (Path(attachments.__file__).parent / "locale/fr/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', e, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in po
