"""The JSON API: check a post, reference data, and a clear 4xx for every bad request."""

from __future__ import annotations

import json

import pytest

from postcheck.engine import CODES

pytestmark = pytest.mark.django_db

URL = "/api/v1/check"


def post(client, body, content_type="application/json"):
    data = json.dumps(body) if not isinstance(body, (str, bytes)) else body
    return client.post(URL, data, content_type=content_type)


def test_check_returns_level_codes_findings_contacts_and_courses(client):
    response = post(
        client,
        {
            "text": "Vote NDP on Monday! #VoteNDP",
            "lang": "en",
            "context": {
                "role": "manager",
                "followers": 2500,
                "identifiable": True,
                "election_period": True,
            },
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["level"] in ("moderate", "high")
    assert "PS01" in data["codes"]
    for finding in data["findings"]:
        assert {"code", "rule_id", "start", "end", "matched", "message"} <= set(finding)
    assert data["contacts"] and all({"id", "name", "how"} <= set(c) for c in data["contacts"])
    assert data["courses"] and all({"code", "title", "url"} <= set(c) for c in data["courses"])


def test_finding_offsets_point_into_the_text(client):
    text = "Great news, everyone. Vote NDP on Monday! #VoteNDP"
    data = post(client, {"text": text}).json()
    for f in data["findings"]:
        if f["end"] > f["start"]:
            assert text[f["start"] : f["end"]] == f["matched"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "hi", "context": {"identifable": True}}, "context.identifable"),
        ({"text": "hi", "context": {"followers": "12"}}, "context.followers"),
        ({"text": "hi", "context": {"followers": -1}}, "context.followers"),
        ({"text": "hi", "context": {"identifiable": "yes"}}, "context.identifiable"),
        ({"text": "hi", "context": {"role": "boss"}}, "context.role"),
        ({"text": "hi", "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 100_001}, "text"),
        ({"text": "hi", "lang": "de"}, "lang"),
        ({}, "text"),
    ],
)
def test_invalid_requests_get_422_naming_the_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 422
    data = response.json()
    assert data["error"] == "validation"
    assert field in data["message"]
    assert any(d["field"] == field for d in data["detail"])


def test_a_100000_character_post_is_accepted(client):
    assert post(client, {"text": "a" * 100_000}).status_code == 200


def test_a_body_over_the_upload_limit_gets_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(client, {"text": "a" * 2000})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_malformed_json_gets_400(client):
    response = post(client, '{"text": "hi"')
    assert response.status_code == 400
    assert response.json()["error"] == "bad_json"


def test_a_json_body_that_is_not_an_object_gets_422(client):
    assert post(client, '["hi"]').status_code == 422


def test_wrong_content_type_gets_415(client):
    response = client.post(URL, "text=hi", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "application/json" in response.json()["message"]


def test_empty_body_gets_422(client):
    response = client.post(URL, b"", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"] == "validation"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reference_data_in_each_language(client, lang):
    considerations = client.get(f"/api/v1/considerations?lang={lang}").json()
    assert [c["code"] for c in considerations] == list(CODES)
    contacts = client.get(f"/api/v1/contacts?lang={lang}").json()
    assert {"manager", "values_ethics", "dso_coi", "ombud"} <= {c["id"] for c in contacts}
    courses = client.get(f"/api/v1/courses?lang={lang}").json()
    assert {"TRN125", "DDN2-A29", "TRN506"} <= {c["code"] for c in courses}


def test_contacts_as_an_organization_reaches_them(client, demo):
    contacts = client.get("/api/v1/contacts?organization=demo").json()
    ombud = next(c for c in contacts if c["id"] == "ombud")
    assert ombud["how"] == demo.contacts.get(contact_id="ombud").how_en


def test_openapi_document_describes_every_endpoint(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/check",
        "/api/v1/considerations",
        "/api/v1/contacts",
        "/api/v1/courses",
    } <= set(doc["paths"])
    assert "422" in doc["paths"]["/api/v1/check"]["post"]["responses"]


def test_api_is_rate_limited(client, settings):
    settings.POSTCHECK_RATE_API = "2/60"
    assert client.get("/api/v1/courses").status_code == 200
    assert client.get("/api/v1/courses").status_code == 200
    response = client.get("/api/v1/courses")
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"


def test_contacts_refuses_an_organization_that_is_not_a_slug(client):
    # found by schemathesis: a NUL byte reached PostgreSQL and gave a 500
    response = client.get("/api/v1/contacts", {"organization": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "organization"
