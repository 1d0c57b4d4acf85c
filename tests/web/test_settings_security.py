"""Security settings that must hold: CSP without inline script, CSRF, Argon2, lockout."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/check/",
    "/en/consultation/",
    "/en/consultation/receipt/",
    "/en/learn/",
    "/en/guidance/",
    "/en/sign-in/",
    "/fr/verifier/",
    "/en/privacy/",
    "/fr/accessibilite/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_strict_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(client, path):
    html = client.get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


@pytest.mark.parametrize(
    "path",
    ["/en/check/", "/en/consultation/", "/en/guidance/feedback/", "/en/consultation/receipt/"],
)
def test_forms_are_refused_without_a_csrf_token(path):
    client = Client(enforce_csrf_checks=True)
    assert client.post(path, {"text": "hi"}).status_code == 403


def test_argon2_hashes_new_passwords():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = get_user_model().objects.create_user("someone", password="a long passphrase 2026")
    assert user.password.startswith("argon2")


def test_sign_in_locks_out_after_repeated_failures(client, demo):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/sign-in/", {"username": "demo-employee", "password": "wrong"})
    response = client.post(
        "/en/sign-in/", {"username": "demo-employee", "password": "demo-employee-pass-2026"}
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_sign_in_lockout_holds_for_the_account_from_any_address(demo):
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            "/en/sign-in/", {"username": "demo-employee", "password": "wrong"}
        )
    elsewhere = Client(REMOTE_ADDR="203.0.113.77")
    response = elsewhere.post(
        "/en/sign-in/", {"username": "demo-employee", "password": "demo-employee-pass-2026"}
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in elsewhere.session


def test_sign_in_failures_are_counted_by_the_real_address_behind_a_trusted_proxy(demo, settings):
    from axes.models import AccessAttempt

    settings.POSTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        "/en/sign-in/", {"username": "demo-employee", "password": "wrong"}
    )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def test_sign_in_works_with_the_right_password(client, demo):
    response = client.post(
        "/en/sign-in/", {"username": "demo-employee", "password": "demo-employee-pass-2026"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def _settings_in_subprocess(env: dict[str, str], expr: str) -> str:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='postcheck.web.settings';"
        "import django; django.setup(); from django.conf import settings as s;"
        f"print({expr})"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_SECRET_KEY" and not k.startswith(("OIDC_", "POSTCHECK_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_openid_connect_is_enabled_by_environment(tmp_path):
    env = {
        "POSTCHECK_DATA_DIR": str(tmp_path),
        "OIDC_RP_CLIENT_ID": "postcheck",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://sso.example/auth",
    }
    out = _settings_in_subprocess(
        env, "'mozilla_django_oidc' in s.INSTALLED_APPS, s.AUTHENTICATION_BACKENDS[-1]"
    )
    assert out == "True mozilla_django_oidc.auth.OIDCAuthenticationBackend"


def test_https_settings_switch_on_together(tmp_path):
    env = {
        "POSTCHECK_DATA_DIR": str(tmp_path),
        "POSTCHECK_HTTPS": "1",
        "POSTCHECK_BEHIND_PROXY": "1",
    }
    out = _settings_in_subprocess(
        env,
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0, s.SECURE_PROXY_SSL_HEADER",
    )
    assert out == "True True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_secret_key_is_generated_once_and_kept_in_the_data_dir(tmp_path):
    env = {"POSTCHECK_DATA_DIR": str(tmp_path)}
    first = _settings_in_subprocess(env, "s.SECRET_KEY")
    second = _settings_in_subprocess(env, "s.SECRET_KEY")
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_sign_in_made_in_code_records_no_address(demo):
    from axes.models import AccessLog

    Client().force_login(get_user_model().objects.get(username="demo-employee"))
    assert AccessLog.objects.latest("attempt_time").ip_address is None
