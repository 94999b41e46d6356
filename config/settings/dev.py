"""Settings for `make run`: debug on, local SQLite under var/, tasks run in the web process."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from .base import *  # noqa: E402,F403

# Development e-mails (notifications, reminders) are written to files under var/mail/ instead of the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")  # noqa: F405

# Tasks run in the web process here: their start/finish lines would flood the console of `make run`.
_loggers: dict = LOGGING["loggers"]  # type: ignore[assignment]  # noqa: F405
_loggers.update({"django_tasks": {"level": "WARNING"}, "django_tasks_db": {"level": "WARNING"}})
