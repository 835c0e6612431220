"""Lakou settings, read from the environment (twelve-factor)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("LAKOU_HOME", PACKAGE_DIR.parent.parent))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY doit être défini en production.")
    SECRET_KEY = "lakou-development-only-key-not-for-production-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute address used in e-mails sent by the worker (no request there to build it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "lakou.core.admin_site.LakouAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The catalogue's full-text search field; on SQLite the app is there and unused.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "ninja",
    "lakou.core",
    "lakou.territory",
    "lakou.accounts",
    "lakou.skills",
    "lakou.diagnostics",
    "lakou.training",
    "lakou.partnerships",
    "lakou.mediation",
    "lakou.matching",
    "lakou.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lakou.core.middleware.LoginRequiredByDefaultMiddleware",
    "lakou.core.middleware.ActorMiddleware",
    "lakou.accounts.middleware.StaffMfaRequiredMiddleware",
]

# Static files are served by the application itself, compressed (gzip and brotli) with names that
# change with their content, in production and by `lakou serve` (which runs collectstatic first).
STATIC_COMPRESSED = env_bool("STATIC_COMPRESSED", default=PRODUCTION)
if STATIC_COMPRESSED:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "lakou.config.urls"
WSGI_APPLICATION = "lakou.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lakou.core.context_processors.lakou",
            ],
        },
    },
]

VAR_DIR = Path(os.environ.get("LAKOU_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = Path(os.environ.get("LAKOU_DATA_DIR", BASE_DIR / "data"))
NODE_MODULES_DIR = Path(os.environ.get("LAKOU_NODE_MODULES", BASE_DIR / "node_modules"))

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lakou.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder; a fresh checkout has no var/ yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while the worker writes; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# allauth's backend alone: it finds the account by e-mail and, for an unknown address, hashes
# the password anyway, so a wrong password costs one hash whether or not the account exists
# (with ModelBackend first, every failed login cost two).
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail as the only identifier, login by e-mailed code, MFA for staff.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1", "password2"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 900
# Six digits, no dash: easy to read aloud and to type on a phone keypad.
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"length": 6, "numeric": True, "dashed": False}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lakou] "
ACCOUNT_ADAPTER = "lakou.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "lakou.accounts.forms.SignupForm"}
# Failed logins count per account *and* client address (the adapter adds the address to the key),
# so a stranger elsewhere cannot lock the owner out; an address trying many accounts is limited.
# Forms that e-mail a typed address (sign-up, login code, password reset, verification) get hourly
# caps on top of allauth's per-minute defaults, which alone let one connection mail the same
# stranger 180 times an hour. Login by code keeps a generous per-address cap (20 an hour): it is
# how most people sign in, and a low cap would let a stranger block it.
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "login_failed": "10/m/ip,60/h/ip,5/5m/key",
    "signup": "20/m/ip,30/h/ip",
    "request_login_code": "20/m/ip,30/h/ip,3/m/key,20/h/key",
    "reset_password": "20/m/ip,30/h/ip,5/m/key,6/h/key",
    "confirm_email": "1/3m/key,6/h/key",
}
# Behind N reverse proxies that append to X-Forwarded-For, the client is the Nth address from
# the right; with 0, REMOTE_ADDR (behind a proxy, that is the proxy: everyone would share limits).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lakou"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "America/Martinique"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_COMPRESSED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Pages ask for the hashed names only ({% static %}), so the plain copies are not kept; source maps
# are read by browser developer tools alone and are not worth compressing (a third of the time).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files no address serves (the CVs of applications): read only through views that check access.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
MEDIA_URL = "/media/"
# An import of this many lines or more runs as background work, its page showing the progress;
# its file waits in a private folder (never served) until the job ends.
IMPORT_BACKGROUND_FROM_LINES = int(os.environ.get("IMPORT_BACKGROUND_FROM_LINES", "2000"))
IMPORT_FILES_DIR = Path(os.environ.get("LAKOU_IMPORT_FILES_DIR", VAR_DIR / "imports"))

# Django 6.1 mailers. Production sends through SMTP; development prints e-mails to the console.
EMAIL_SMTP_OPTIONS = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": int(os.environ.get("EMAIL_PORT", "25")),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS"),
    "timeout": 20,
}
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "lakou.core.mail.ReadableConsoleBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": EMAIL_SMTP_OPTIONS if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lakou <ne-pas-repondre@lakou.mq>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS (lakou.core.sms), chosen like e-mails: production posts to an HTTP gateway, development
# prints each SMS in the terminal.
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND",
    "lakou.core.sms.HttpGatewayBackend" if PRODUCTION else "lakou.core.sms.ConsoleBackend",
)
SMS_GATEWAY = {
    "url": os.environ.get("SMS_GATEWAY_URL", ""),
    "token": os.environ.get("SMS_GATEWAY_TOKEN", ""),
    # What the phone shows as the sender: at most 11 letters or digits.
    "sender": os.environ.get("SMS_SENDER", "Lakou"),
    "timeout": float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10")),
}

# Mediation acts: one logged more than this many days after it happened is paid only once a
# coordinator (the federation, or the EPCI that funds the mediator) has accepted the delay.
MEDIATION_ACT_LATE_DAYS = int(os.environ.get("MEDIATION_ACT_LATE_DAYS", "7"))
# The workshop planner sends a mediator no further than this many minutes by car from home
# (estimated between commune centres: lakou.territory.travel).
MEDIATION_PLANNER_TRAVEL_MINUTES = int(os.environ.get("MEDIATION_PLANNER_TRAVEL_MINUTES", "45"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "lakou.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One cache shared by every server process and the worker: rate limits (allauth's and ours) and
# cached lists must agree across processes, so the default lives in the database (no extra service).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "lakou_cache"),
    },
    # Per process, for reference lists read on hot pages (a shared cache would cost a query each).
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# How long a process keeps a busy public page that is the same for everybody (core.microcache).
MICROCACHE_SECONDS = int(os.environ.get("MICROCACHE_SECONDS", "10"))

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # The server's access log has one line per request; a refused page needs no traceback.
        "django.request": {"level": "ERROR"},
    },
}

# Partnerships — placement agreements. The minimum hourly internship stipend is a legal figure
# that changes every year: a setting with its source, never a number in the code.
INTERNSHIP_MIN_HOURLY_STIPEND = os.environ.get("INTERNSHIP_MIN_HOURLY_STIPEND", "4.35")
INTERNSHIP_MIN_HOURLY_STIPEND_SOURCE = os.environ.get(
    "INTERNSHIP_MIN_HOURLY_STIPEND_SOURCE",
    "15 % du plafond horaire de la sécurité sociale, art. L124-6 et D124-8 du Code de "
    "l'éducation ; montant 2025 : 4,35 € de l'heure",
)
