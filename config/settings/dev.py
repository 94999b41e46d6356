"""Settings for `make run`: debug on, local SQLite under var/, tasks run in the web process."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from .base import *  # noqa: E402,F403
