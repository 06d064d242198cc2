"""Pantau settings: the only settings module.

Everything that differs between deployments comes from environment variables (see README,
"Configuration"). ``PANTAU_ENV`` picks safe defaults for each kind of run:

* ``production`` (the default): DEBUG off, secure cookies, HSTS, and SECRET_KEY, ALLOWED_HOSTS and
  DATABASE_URL must be given. Nothing insecure happens by forgetting a variable.
* ``demo``: the one-command demo on a laptop (SQLite, plain HTTP on 127.0.0.1).
* ``development`` and ``test``: for developers and the test suite (PostgreSQL by default).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pantau.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_phone,
    env_secret,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

PANTAU_ENV = env_str("PANTAU_ENV", "production", choices=("production", "demo", "development", "test"))
IS_PRODUCTION = PANTAU_ENV == "production"

DEBUG = env_bool("PANTAU_DEBUG", False)
if DEBUG and IS_PRODUCTION:
    raise ImproperlyConfigured("PANTAU_DEBUG=true is refused when PANTAU_ENV=production.")

_secret = env_secret("PANTAU_SECRET_KEY")
if _secret is None:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("PANTAU_SECRET_KEY (or PANTAU_SECRET_KEY_FILE) is required in production.")
    # Non-production runs get a fresh random key per process: sessions do not survive a restart,
    # which is fine for a demo and avoids a well-known key that someone could copy into production.
    _secret = secrets.token_urlsafe(50)
elif IS_PRODUCTION and len(_secret) < 50:
    raise ImproperlyConfigured("PANTAU_SECRET_KEY must be at least 50 characters long in production.")
SECRET_KEY = _secret

_default_hosts = [] if IS_PRODUCTION else ["127.0.0.1", "localhost"]
ALLOWED_HOSTS = env_list("PANTAU_ALLOWED_HOSTS", _default_hosts)
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("PANTAU_ALLOWED_HOSTS is required in production (comma-separated host names).")
if "*" in ALLOWED_HOSTS and IS_PRODUCTION:
    raise ImproperlyConfigured("PANTAU_ALLOWED_HOSTS may not contain '*' in production.")
CSRF_TRUSTED_ORIGINS = env_list("PANTAU_CSRF_TRUSTED_ORIGINS", [])

_default_db = {
    "production": None,
    "demo": "sqlite:///var/demo.sqlite3",
    "development": "postgres://postgres@127.0.0.1:5432/pantau",
    "test": "postgres://postgres@127.0.0.1:5432/pantau",
}[PANTAU_ENV]
_db_url = env_secret("PANTAU_DATABASE_URL") or _default_db
if _db_url is None:
    raise ImproperlyConfigured("PANTAU_DATABASE_URL is required in production (postgres://user@host/db).")
DATABASES = {"default": parse_database_url("PANTAU_DATABASE_URL", _db_url, base_dir=BASE_DIR)}
# Web requests (pantau/wsgi.py marks its process) may run a statement for at most this long: a runaway
# query is cancelled by PostgreSQL with a clean error instead of holding a web thread until gunicorn's
# 30-s timeout kills the worker. Workers and management commands (imports, linkage runs) have no cap.
PANTAU_DB_STATEMENT_TIMEOUT_MS = env_int("PANTAU_DB_STATEMENT_TIMEOUT_MS", 20_000, minimum=0, maximum=600_000)
if (
    env_str("PANTAU_PROCESS", "other", choices=("web", "other")) == "web"
    and PANTAU_DB_STATEMENT_TIMEOUT_MS
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
):
    _db_options: dict[str, str] = DATABASES["default"]["OPTIONS"]  # type: ignore[assignment]
    _db_options["options"] = (
        f"{_db_options.get('options', '')} -c statement_timeout={PANTAU_DB_STATEMENT_TIMEOUT_MS}".strip()
    )
if IS_PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("PANTAU_DATABASE_URL must point to PostgreSQL in production.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    # Second factor (TOTP authenticator apps and single-use recovery codes), required for every account.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "pantau.core",
    "pantau.regions",
    "pantau.accounts",
    "pantau.audit",
    "pantau.imports",
    "pantau.registry",
    "pantau.applications",
    "pantau.children",
    "pantau.supervision",
    "pantau.notifications",
    "pantau.cases",
    "pantau.familycare",
    "pantau.coordination",
    "pantau.incidents",
    "pantau.staffing",
    "pantau.linkage",
    "pantau.monitoring",
    "pantau.aid",
    "pantau.public",
    "pantau.awareness",
    "pantau.insights",
    "pantau.ops",
    "pantau.privacy",
    "pantau.network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pantau.audit.middleware.RequestContextMiddleware",
    # Inside the request id, outside everything else: turns any non-JSON error under /api/ into JSON.
    "pantau.api.errors.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pantau.accounts.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the password change: a session does nothing, not even that, until its second factor is in.
    "pantau.accounts.middleware.SecondFactorMiddleware",
    "pantau.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the session and messages, so that the page it renders has the menu and the language.
    "pantau.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees every response after authentication has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pantau.urls"
WSGI_APPLICATION = "pantau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pantau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pantau.core.context_processors.pantau",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before a password hash is even computed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: after N failures for one account from one address, that pair is locked out.
AXES_FAILURE_LIMIT = env_int("PANTAU_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = env_int("PANTAU_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Behind N trusted reverse proxies the client address comes from X-Forwarded-For (see lib/net.py);
# lock-outs and audit entries both use it.
PANTAU_TRUSTED_PROXIES = env_int("PANTAU_TRUSTED_PROXIES", 0, minimum=0, maximum=5)
AXES_CLIENT_IP_CALLABLE = "pantau.lib.net.client_ip"
# Across accounts: failed sign-ins (passwords and second-factor codes) and rejected API tokens from one
# client address (IPv6: one /64) within a window lock that address out of sign-in / token use for the
# rest of the window. Counted in the shared cache (see CACHES), so every app server sees the same count.
PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1, maximum=10_000
)
PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT = env_int(
    "PANTAU_API_TOKEN_ADDRESS_FAILURE_LIMIT", 30, minimum=1, maximum=10_000
)
PANTAU_ADDRESS_LOCKOUT_MINUTES = env_int("PANTAU_ADDRESS_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
# The label authenticator apps show next to the codes.
OTP_TOTP_ISSUER = "Pantau"

# Sessions: idle expiry, never readable from JavaScript. The expiry is pushed forward by
# SessionRenewalMiddleware at most once per PANTAU_SESSION_RENEW_SECONDS, not by a write on every request.
SESSION_COOKIE_AGE = env_int("PANTAU_SESSION_IDLE_MINUTES", 30, minimum=5, maximum=12 * 60) * 60
PANTAU_SESSION_RENEW_SECONDS = env_int("PANTAU_SESSION_RENEW_SECONDS", 60, minimum=1, maximum=300)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "pantau.core.views.csrf_failure"

# Behind TLS (production), cookies are Secure and browsers are told to stay on HTTPS.
SECURE_TLS = env_bool("PANTAU_SECURE_TLS", IS_PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_TLS
CSRF_COOKIE_SECURE = SECURE_TLS
LANGUAGE_COOKIE_SECURE = SECURE_TLS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE_TLS and env_bool("PANTAU_SSL_REDIRECT", True)
# A load balancer polls the health check on the app server itself, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_TLS
if env_bool("PANTAU_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind a proxy with no trusted proxy configured, every client would share the proxy's address:
    # one person's wrong passwords would lock the whole country out of sign-in (the per-address caps).
    if PANTAU_TRUSTED_PROXIES == 0:
        raise ImproperlyConfigured(
            "PANTAU_TRUSTED_PROXIES must be at least 1 when PANTAU_BEHIND_TLS_PROXY is true "
            "(the number of your own reverse proxies in front of Pantau)."
        )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script, no third-party origin: everything is served from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "pantau" / "locale"]
LANGUAGE_COOKIE_NAME = "pantau_language"
USE_I18N = True
TIME_ZONE = env_str("PANTAU_TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

# E-mail (supervision reminders): an SMTP relay in production, the console in the demo, memory in tests.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("PANTAU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PANTAU_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("PANTAU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("PANTAU_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("PANTAU_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("PANTAU_EMAIL_FROM", "Pantau <noreply@pantau.invalid>")
# Notifications (new referrals, decisions, deadlines) also go by e-mail when this is on.
# The ghost-children check (pantau/aid/reconcile.py): an aid record is flagged when the children it was
# based on exceed the children recorded at the home by more than this share of the latter (rounded down).
# A policy setting, not a legal rule.
PANTAU_AID_TOLERANCE_PERCENT = env_int("PANTAU_AID_TOLERANCE_PERCENT", 10, minimum=0, maximum=100)
PANTAU_EMAIL_NOTIFICATIONS = env_bool("PANTAU_EMAIL_NOTIFICATIONS", False)
# The address people open Pantau at, for links in e-mails.
PANTAU_BASE_URL = env_str("PANTAU_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

STATIC_URL = "/static/"
# Only production collects static files; elsewhere WhiteNoise serves them from the source folders.
STATIC_ROOT = BASE_DIR / "var" / "static" if IS_PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "pantau" / "static"]
# Uploaded documents: outside the web root, never given a public URL (served by authorised views only).
PANTAU_PRIVATE_MEDIA_ROOT = Path(env_str("PANTAU_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
PANTAU_UPLOAD_MAX_MB = env_int("PANTAU_UPLOAD_MAX_MB", 10, minimum=1, maximum=100)
# Online applications (pantau.applications). How long a Tanda Daftar issued on approval is valid: commonly
# 3 years, but it varies by local regulation and the period is UNVERIFIED (rules-and-data.md §2): a
# policy setting for each deployment, not law.
PANTAU_REGISTRATION_VALIDITY_YEARS = env_int("PANTAU_REGISTRATION_VALIDITY_YEARS", 3, minimum=1, maximum=10)
# The processing time local SOPs give (1 week to 14 working days): an application waiting longer is
# flagged overdue in Dinas Sosial's queue. Working days are Monday to Friday (public holidays not known).
PANTAU_APPLICATION_SOP_WORKING_DAYS = env_int(
    "PANTAU_APPLICATION_SOP_WORKING_DAYS", 14, minimum=1, maximum=90
)
PANTAU_IMPORT_MAX_MB = env_int("PANTAU_IMPORT_MAX_MB", 50, minimum=1, maximum=500)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        # A FileSystemStorage that turns a full or unwritable disk into a clear refusal (lib/storage.py).
        "BACKEND": "pantau.lib.storage.PrivateStorage",
        "OPTIONS": {"location": PANTAU_PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production there is no collectstatic step: WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

# The cache holds rate-limit counters: shared through PostgreSQL in production (several app servers;
# run `manage.py createcachetable` once), per process elsewhere. Django culls a third of the keys once
# there are MAX_ENTRIES (300 by default), alphabetically: that would silently reset the sign-in, token
# and reveal caps at national scale, so the ceiling is far above the keys Pantau can hold (a few per
# staff member and per client address in a window of at most an hour).
_CACHE_OPTIONS = {"MAX_ENTRIES": 2_000_000}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pantau_cache",
        "OPTIONS": _CACHE_OPTIONS,
    }
    if IS_PRODUCTION
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": _CACHE_OPTIONS}
}

# Logs never carry request bodies or personal data; each line carries the request id for correlation.
# Nor query strings: a search term can be a child's name or an account number, and an address is logged
# whole. Every handler, and Django's request loggers (whose own default handlers are replaced here, so
# that nothing writes around the filter), go through pantau.lib.logfilters.QueryStringScrubber.
_LOG_LEVEL = env_str("PANTAU_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "pantau.audit.middleware.RequestIdLogFilter"},
        "no_query_strings": {"()": "pantau.lib.logfilters.QueryStringScrubber"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_query_strings", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF at INFO; its warnings (a refused URL) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": _LOG_LEVEL, "propagate": False},
        "django.server": {
            "handlers": ["console"],
            "filters": ["no_query_strings"],
            "level": "INFO",
            "propagate": False,
        },
        "django.request": {"filters": ["no_query_strings"]},
    },
}

# Background jobs (imports): a database queue worked by `manage.py db_worker` in production; run inline
# (in the request) for the demo and tests, where no worker runs.
_tasks = env_str(
    "PANTAU_TASKS_BACKEND", "database" if IS_PRODUCTION else "immediate", choices=("database", "immediate")
)
# Monitoring scrapes /metrics with "Authorization: Bearer <this>"; unset, /metrics does not exist (404).
PANTAU_METRICS_TOKEN = env_secret("PANTAU_METRICS_TOKEN") or ""
if PANTAU_METRICS_TOKEN and len(PANTAU_METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("PANTAU_METRICS_TOKEN must be at least 32 characters long (or unset).")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend"
        if _tasks == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}


# Keys for children's identifiers (see pantau/lib/crypto.py). Production must provide its own; elsewhere
# fixed development keys are used so that demo and test data stay readable between runs.
def _field_keys(raw: str) -> list[tuple[str, bytes]]:
    keys: list[tuple[str, bytes]] = []
    for item in raw.split(","):
        key_id, _, encoded = item.strip().partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            key = b""
        if not key_id.isalnum() or len(key) != 32:
            raise ImproperlyConfigured(
                "PANTAU_FIELD_KEYS must be 'id:base64key,…' with 32-byte keys, e.g. "
                "k1:$(python -c 'import os,base64;print(base64.b64encode(os.urandom(32)).decode())')"
            )
        if any(existing == key_id for existing, _ in keys):
            raise ImproperlyConfigured(
                f"PANTAU_FIELD_KEYS names key {key_id!r} twice; every key needs its own id."
            )
        keys.append((key_id, key))
    return keys


_DEV_KEY = base64.b64encode(hashlib.sha256(b"pantau development key - never in production").digest()).decode()
_field_keys_raw = env_secret("PANTAU_FIELD_KEYS")
_index_key_raw = env_secret("PANTAU_BLIND_INDEX_KEY")
if IS_PRODUCTION and (not _field_keys_raw or not _index_key_raw):
    raise ImproperlyConfigured("PANTAU_FIELD_KEYS and PANTAU_BLIND_INDEX_KEY are required in production.")
PANTAU_FIELD_KEYS = _field_keys(_field_keys_raw or f"dev:{_DEV_KEY}")
PANTAU_BLIND_INDEX_KEY = _field_keys(f"index:{_index_key_raw or _DEV_KEY}")[0][1]
# Showing a child's identifiers (NIK, KK, birth certificate) is audited and also capped per person, so
# that a stolen session or a scraping script cannot read a home's children in bulk.
PANTAU_IDENTITY_REVEALS_PER_MINUTE = env_int(
    "PANTAU_IDENTITY_REVEALS_PER_MINUTE", 10, minimum=1, maximum=1_000
)
PANTAU_IDENTITY_REVEALS_PER_HOUR = env_int("PANTAU_IDENTITY_REVEALS_PER_HOUR", 30, minimum=1, maximum=10_000)
if PANTAU_IDENTITY_REVEALS_PER_MINUTE > PANTAU_IDENTITY_REVEALS_PER_HOUR:
    raise ImproperlyConfigured(
        "PANTAU_IDENTITY_REVEALS_PER_MINUTE is larger than PANTAU_IDENTITY_REVEALS_PER_HOUR; "
        "the minute's cap must not exceed the hour's."
    )

# API tokens for machine clients expire; a leaked token is useless after this many days. 180 is a hard
# cap: a longer lifetime is refused at start-up (rotate instead, POST /api/v1/me/tokens/{id}/rotate).
PANTAU_API_TOKEN_MAX_DAYS = env_int("PANTAU_API_TOKEN_MAX_DAYS", 90, minimum=1, maximum=180)
# After a rotation the old token keeps working this long, so a client can switch without a gap (0: none).
PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES = env_int(
    "PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES", 10, minimum=0, maximum=60
)

# Incident reports from homes (SNPA D26): how many hours after the home learned of an incident its
# report to Dinas Sosial is due. A POLICY SETTING, not a statute: the SNPA requires every suspicion or
# case to be recorded and reported but sets no time limit (README, "Incident reports from homes").
# The default applies to every kind; "kind:hours" pairs override it for a kind. Both are checked when
# the app starts (pantau.incidents.deadlines): an unknown kind or a bad number stops start-up.
PANTAU_INCIDENT_REPORT_HOURS = env_int("PANTAU_INCIDENT_REPORT_HOURS", 24, minimum=1, maximum=30 * 24)
PANTAU_INCIDENT_REPORT_HOURS_BY_KIND = env_list("PANTAU_INCIDENT_REPORT_HOURS_BY_KIND", ["other:72"])
# The national child-protection hotline (SAPA 129, KemenPPPA) and its WhatsApp channel, as the awareness
# pages, leaflets and the children's report channel show them (rules-and-data.md §6). Configuration, not
# text: a number that changes is changed here, and a malformed one stops the start-up.
PANTAU_SAPA_HOTLINE = env_phone("PANTAU_SAPA_HOTLINE", "129", min_digits=3, max_digits=15)
PANTAU_SAPA_WHATSAPP = env_phone("PANTAU_SAPA_WHATSAPP", "08111-129-129", min_digits=9, max_digits=15)

# Personal data (UU 27/2022 PDP, pantau.privacy). Retention periods are POLICY settings, not periods set
# by law (README, "Personal data"): how many years after a record's end it is archived or deleted by
# `manage.py privacy_retention`. A value outside the range stops start-up.
PANTAU_RETENTION_CHILDREN_YEARS = env_int("PANTAU_RETENTION_CHILDREN_YEARS", 10, minimum=1, maximum=100)
PANTAU_RETENTION_CASES_YEARS = env_int("PANTAU_RETENTION_CASES_YEARS", 10, minimum=1, maximum=100)
PANTAU_RETENTION_CONCERNS_YEARS = env_int("PANTAU_RETENTION_CONCERNS_YEARS", 5, minimum=1, maximum=100)
PANTAU_RETENTION_NOTIFICATIONS_YEARS = env_int(
    "PANTAU_RETENTION_NOTIFICATIONS_YEARS", 1, minimum=1, maximum=100
)
PANTAU_RETENTION_POST_CHECKS_YEARS = env_int("PANTAU_RETENTION_POST_CHECKS_YEARS", 2, minimum=1, maximum=100)
PANTAU_RETENTION_AUDIT_YEARS = env_int("PANTAU_RETENTION_AUDIT_YEARS", 10, minimum=1, maximum=100)
# Data-subject requests: hours to answer. UU 27/2022 Pasal 30(1) and 32(2) give 3 x 24 hours for
# correction and access (checked in copies quoting the statute); a shorter time may be set, not longer.
PANTAU_PRIVACY_REQUEST_HOURS = env_int("PANTAU_PRIVACY_REQUEST_HOURS", 72, minimum=1, maximum=72)
# The key of the pseudonyms in analysts' exports (HMAC-SHA256 per person). It must differ from the NIK
# blind-index key, so that a pseudonym can never be joined to the NIK index; required in production.
_pseudonym_key_raw = env_secret("PANTAU_PSEUDONYM_KEY")
if IS_PRODUCTION and not _pseudonym_key_raw:
    raise ImproperlyConfigured("PANTAU_PSEUDONYM_KEY is required in production.")
PANTAU_PSEUDONYM_KEY = _field_keys(
    "pseudonym:"
    + (
        _pseudonym_key_raw
        or base64.b64encode(hashlib.sha256(b"pantau development pseudonym key").digest()).decode()
    )
)[0][1]
if PANTAU_PSEUDONYM_KEY == PANTAU_BLIND_INDEX_KEY:
    raise ImproperlyConfigured("PANTAU_PSEUDONYM_KEY must differ from PANTAU_BLIND_INDEX_KEY.")
