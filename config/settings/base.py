"""Settings for every environment, driven by environment variables (see docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_database, env_int, env_list, env_str
from itsms.core.audit_keys import hmac_keys_from_env, signing_key_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ITSMS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else None)
# The audit chains' HMAC keys ({id: secret}, current first) and the Ed25519 key signing their checkpoints:
# required outside development and never SECRET_KEY, so rotating sessions never breaks a chain.
AUDIT_HMAC_KEYS = hmac_keys_from_env(development=DEBUG)
AUDIT_SIGNING_KEY = signing_key_from_env(development=DEBUG)
AUDIT_SIGNING_OLD_PUBLIC_KEYS = env_list("AUDIT_SIGNING_OLD_PUBLIC_KEYS")
# The worker signs a checkpoint after this many entries or minutes of writing (0: only cron/on demand).
AUDIT_CHECKPOINT_EVERY_ENTRIES = env_int("AUDIT_CHECKPOINT_EVERY_ENTRIES", 1000, minimum=0)
AUDIT_CHECKPOINT_EVERY_MINUTES = env_int("AUDIT_CHECKPOINT_EVERY_MINUTES", 60, minimum=0)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",
    "itsms.core",
    "itsms.accounts",
    "itsms.catalogue",
    "itsms.organization",
    "itsms.programme",
    "itsms.training",
    "itsms.documents",
    "itsms.audits",
    "itsms.diagnosis",
    "itsms.reviews",
    "itsms.certification",
    "itsms.ops",
]

MIDDLEWARE = [
    # First, so that it sees every answer: errors under /api/ are JSON whatever produced them.
    "itsms.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "itsms.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "itsms.core.middleware.LanguageMiddleware",
    # After the language is known (its 413 is translated), before anything reads the body.
    "itsms.core.upload_limits.UploadLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "itsms.core.middleware.RequestContextMiddleware",
    "itsms.core.middleware.TimeZoneResetMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "itsms.core.context_processors.navigation",
            ],
            "builtins": ["itsms.core.templatetags.zoned"],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'itsms.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after SESSION_IDLE_MINUTES without a request, and with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A re-authentication (for electronic signatures) stays valid this many seconds.
REAUTH_VALID_SECONDS = env_int("REAUTH_VALID_SECONDS", 300, minimum=30)

# Lockout after repeated failures, per user name and address, stored in the database so that every
# app server sees the same count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=2)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "itsms.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
AXES_VERBOSE = False
# Password spraying (a few tries on each of many accounts) never trips the per-account lockout above:
# failures are also counted per client address across user names, in fixed windows stored in the
# database (itsms.accounts.throttle). Past the limit every sign-in from the address answers 429.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=2)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 15, minimum=1)
# Requests per minute that one API token may make (429 with Retry-After beyond).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600, minimum=1)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Files go to a local folder unless an S3-compatible bucket is configured.
_S3_BUCKET = env_str("S3_BUCKET", "")
if _S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # Reading an object spools it to a temporary file past 8 MiB (the default keeps it all in
            # memory): downloads, backups and restores stay bounded whatever the file size.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_BYTES = env_int("FILE_UPLOAD_MAX_MB", 25, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads (docs/security.md, "Uploads and files"): a body declared over REQUEST_BODY_MAX_BYTES is answered
# 413 before it is read; file bytes stream through a handler that stops past FILE_UPLOAD_MAX_BYTES, into a
# temporary folder of the project's own, which `files_sweep` cleans after a crash.
REQUEST_BODY_MAX_BYTES = FILE_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "itsms.core.upload_limits.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "itsms.core.upload_limits.ProjectTemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR", str(VAR_DIR / "tmp" / "uploads"))
# Django's checks refuse a folder that does not exist; a read-only deployment creates it beforehand.
try:
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
except OSError:
    pass
# ZIP-based uploads (DOCX, XLSX, PPTX): checked on their directory before anything is inflated.
ARCHIVE_MAX_MEMBERS = env_int("ARCHIVE_MAX_MEMBERS", 2000, minimum=1)
ARCHIVE_MAX_UNCOMPRESSED_BYTES = env_int("ARCHIVE_MAX_UNCOMPRESSED_MB", 50, minimum=1) * 1024 * 1024
ARCHIVE_MAX_RATIO = env_int("ARCHIVE_MAX_RATIO", 100, minimum=2)
# Search needs the words of a file, not a whole book in one row.
EXTRACTED_TEXT_MAX_CHARS = env_int("EXTRACTED_TEXT_MAX_CHARS", 1_000_000, minimum=1000)
# A revision's Markdown text (docs/security.md, "Text, Markdown, YAML and spreadsheets"): the form refuses
# longer text; rendering is linear, and this bounds the work of one page view or PDF.
DOCUMENT_TEXT_MAX_CHARS = env_int("DOCUMENT_TEXT_MAX_CHARS", 500_000, minimum=1000)
# Stored files no row refers to any more (a draft's replaced file) are removed by files_sweep after this.
FILES_UNREFERENCED_RETENTION_DAYS = env_int("FILES_UNREFERENCED_RETENTION_DAYS", 30, minimum=1)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "itsms@localhost")
# The address of this installation, for links in e-mails (e.g. https://itsms.example.com).
SITE_URL = env_str("SITE_URL", "")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Operations (itsms.ops, docs/operations.md): /readyz fails when no task worker (`manage.py run_worker`) has
# beaten for this long; without a worker (development) the check reports "not configured".
HEALTH_WORKER_CHECK = env_bool("HEALTH_WORKER_CHECK", not DEBUG)
HEALTH_WORKER_MAX_AGE_SECONDS = env_int("HEALTH_WORKER_MAX_AGE_SECONDS", 120, minimum=10)
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30, minimum=1)
# Where pg_dump and pg_restore live when the ones on PATH are older than the server (backup, restore).
PG_BIN_DIR = env_str("PG_BIN_DIR", "")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# No inline script anywhere (templates load static files and read data from JSON blocks), so an injected
# <script> or on…= attribute never runs. Style attributes stay allowed (templates and Bootstrap use them;
# they cannot run code), <style> elements do not. Bootstrap's icons are data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the application never uses, off for its pages and anything they could embed.
_FEATURES_OFF = (
    "accelerometer autoplay camera display-capture encrypted-media fullscreen geolocation gyroscope "
    "magnetometer microphone midi payment picture-in-picture publickey-credentials-get screen-wake-lock "
    "serial usb xr-spatial-tracking"
)
PERMISSIONS_POLICY: dict[str, list[str]] = {feature: [] for feature in _FEATURES_OFF.split()}
_HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
# Load balancers probe health over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000 if _HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_int("PROXY_COUNT", 0, minimum=0) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# In development and tests WhiteNoise serves straight from the app folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
