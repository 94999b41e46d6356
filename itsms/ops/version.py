"""The application's version, for backup manifests."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata

from django.conf import settings


@cache
def app_version() -> str:
    try:
        return metadata.version("itsms")
    except metadata.PackageNotFoundError:
        # Run from a checkout (the usual case): the version is the one in pyproject.toml.
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
