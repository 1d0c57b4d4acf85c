"""The project runs: the root redirects to a language, the home page is served in each."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/en/", "/fr/")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_home_page_is_served_in_each_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
