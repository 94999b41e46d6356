"""Fixtures shared by the core area's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # noqa: ANN001
    """A storage folder of this test's own, so tests can list exactly what was stored."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path
