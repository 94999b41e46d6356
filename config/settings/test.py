"""Settings for the test suite: fast hashing, in-memory e-mail, tasks run at once, files in a temp folder."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("AUDIT_HMAC_KEY", "test-audit-key-0123456789abcdef")
# A fixed test-only signing key (base64 of a 32-byte seed); automatic checkpoints off, so tests that move
# the clock or write many entries never leave checkpoint files for another test's organization.
os.environ.setdefault("AUDIT_SIGNING_KEY", "9+ozhigIOvpUa1BUz98Tz0nMeK9FDINnwvz28oF83/w=")
os.environ.setdefault("AUDIT_CHECKPOINT_EVERY_ENTRIES", "0")
os.environ.setdefault("AUDIT_CHECKPOINT_EVERY_MINUTES", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402,F403
from .base import TEMPLATES  # noqa: E402

_template_options: dict = TEMPLATES[0]["OPTIONS"]  # type: ignore[assignment]

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="itsms-test-media-"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
_template_options["string_if_invalid"] = ""
_template_options["debug"] = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None  # type: ignore[assignment]

# The concurrency tests write from several threads: SQLite's shared in-memory database locks whole
# tables instead of waiting on the busy timeout, so SQLite tests use a file, in a folder of this run's
# own so that engineers running the suite at the same time never share it.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="itsms-test-db-"), "test.sqlite3"),
    }
