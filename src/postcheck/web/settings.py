"""Django settings for postcheck, read from environment variables.

Nothing secret is committed: without ``DJANGO_SECRET_KEY`` a key is generated once and
kept in the data directory. Production settings (HTTPS, HSTS, proxies) are described
in docs/deploy.md.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from postcheck.engine import MAX_TEXT_CHARS

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("POSTCHECK_DATA_DIR") or Path.cwd() / "var").resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("POSTCHECK_DEBUG")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

# Public address used in e-mail links (notifications carry a link, never content).
SITE_URL = os.environ.get("POSTCHECK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "postcheck.web",
    "postcheck.support",
]
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
# Other apps of the project (e.g. the managers' cases) plug in when installed.
try:  # pragma: no cover - depends on which branches are merged
    import postcheck.cases  # noqa: F401

    INSTALLED_APPS.append("postcheck.cases")
except ImportError:
    pass

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "postcheck.web.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "postcheck.support.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "postcheck.web.urls"
WSGI_APPLICATION = "postcheck.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "postcheck.web.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'postcheck.sqlite3'}",
        conn_max_age=int(os.environ.get("POSTCHECK_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            # WAL + synchronous=NORMAL: safe against corruption, one fsync per checkpoint.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: Argon2 first; the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "support:login"
LOGIN_REDIRECT_URL = "support:home"
LOGOUT_REDIRECT_URL = "support:home"

# Login lockout (django-axes, counted in the database every server shares): after 5
# failures for an account, from whatever addresses, so neither a proxy nor many addresses
# get around it. One password tried across many usernames is refused too
# (POSTCHECK_RATE_SIGN_IN_PASSWORD, support.forms.SignInForm).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "postcheck.support.ratelimits.sign_in_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# OpenID Connect sign-in, beside local accounts, when a provider is configured.
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("mozilla_django_oidc.auth.OIDCAuthenticationBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("POSTCHECK_TIME_ZONE", "America/Toronto")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("POSTCHECK_STATIC_ROOT") or DATA_DIR / "static")
with contextlib.suppress(OSError):  # read-only: prepared by collectstatic elsewhere
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the packages when collectstatic has not run (tests, first start).
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

# Cache: the rate-limit counters (django-ratelimit), shared by every worker and server:
# the database by default (table made by `postcheck serve`/createcachetable), Redis
# with POSTCHECK_REDIS_URL. The database cache's increment is a read then a write, so a
# burst of simultaneous requests may pass a few over a limit; Redis counts atomically.
# Its writes reset an entry's expiry to TIMEOUT, which must outlast the longest window.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "postcheck_cache",
        "TIMEOUT": 86400,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if os.environ.get("POSTCHECK_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["POSTCHECK_REDIS_URL"],
        "TIMEOUT": 86400,
    }
RATELIMIT_USE_CACHE = "default"

# The proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed:
# the client is the first address, from the right, that is not one of them. Empty: the
# peer's address, whatever a client sends (see docs/deploy.md).
POSTCHECK_TRUSTED_PROXIES = _env_list("POSTCHECK_TRUSTED_PROXIES", "")

# Rate limits: "<count>/<seconds>" (a day at most), per account when signed in, else
# per client address; "0/60" turns one off.
POSTCHECK_RATE_CHECK = os.environ.get("POSTCHECK_RATE_CHECK", "60/60")
POSTCHECK_RATE_API = os.environ.get("POSTCHECK_RATE_API", "120/60")
POSTCHECK_RATE_FEEDBACK = os.environ.get("POSTCHECK_RATE_FEEDBACK", "10/600")
# Receipt codes: tries of one code (whoever sends them), and wrong codes per client. Past
# the second, a client may still open a consultation whose code exists, so one client
# behind a department's proxy does not lock the others out.
POSTCHECK_RATE_RECEIPT = os.environ.get("POSTCHECK_RATE_RECEIPT", "10/300")
POSTCHECK_RATE_RECEIPT_FAILURES = os.environ.get("POSTCHECK_RATE_RECEIPT_FAILURES", "30/300")
# Failed sign-ins with one password, across all usernames and addresses (spraying).
POSTCHECK_RATE_SIGN_IN_PASSWORD = os.environ.get("POSTCHECK_RATE_SIGN_IN_PASSWORD", "10/3600")

# E-mail: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "postcheck@localhost")
# Where guidance feedback is forwarded (optional).
POSTCHECK_FEEDBACK_EMAIL = os.environ.get("POSTCHECK_FEEDBACK_EMAIL", "")

# Security headers. HTTPS-only settings are switched on with POSTCHECK_HTTPS=1
# (see docs/deploy.md).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("POSTCHECK_SESSION_SECONDS", str(8 * 3600)))
if _env_bool("POSTCHECK_HTTPS"):
    SECURE_SSL_REDIRECT = _env_bool("POSTCHECK_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("POSTCHECK_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("POSTCHECK_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("POSTCHECK_HSTS_PRELOAD")
    if _env_bool("POSTCHECK_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline script, nothing from another origin. Styles come
# from our files, except the <style> elements the GC Design System components (Stencil)
# add at run time: those carry this response's nonce (base.html hands it to
# static/postcheck/gcds.js, which passes it to Stencil's setNonce). Scripts have no nonce.
_form_action = [SELF]
if OIDC_ENABLED and OIDC_OP_AUTHORIZATION_ENDPOINT:
    _form_action.append(OIDC_OP_AUTHORIZATION_ENDPOINT)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": _form_action,
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Encryption at rest of case and consultation content and attachments (support.encryption,
# docs/deploy.md): Fernet keys, newest first, or a key file kept outside the data folder.
POSTCHECK_ENCRYPTION_KEYS = _env_list("POSTCHECK_ENCRYPTION_KEYS", "")
POSTCHECK_ENCRYPTION_KEY_FILE = os.environ.get("POSTCHECK_ENCRYPTION_KEY_FILE", "")
# Production: never generate a key into the data folder.
POSTCHECK_REQUIRE_ENCRYPTION_KEYS = _env_bool("POSTCHECK_REQUIRE_ENCRYPTION_KEYS") or _env_bool(
    "POSTCHECK_REQUIRE_ATTACHMENT_KEY"
)

# Aggregate figures are shown only from this count up (small counts could identify).
POSTCHECK_FIGURES_MIN_COUNT = 10
# Weekly check counts are added up in memory and written at most this often (seconds),
# so a busy server does not write to the database on every check. 0: write at once.
POSTCHECK_TALLY_FLUSH_SECONDS = float(os.environ.get("POSTCHECK_TALLY_FLUSH_SECONDS", "5"))
# Longest post accepted by the web form and the API: what the engine checks in full.
POSTCHECK_MAX_TEXT = MAX_TEXT_CHARS

# Logs go to stderr. Post text is never logged: views do not log request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("POSTCHECK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
