"""files_sweep: removes stored objects without a row, only when older than the threshold."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from itsms.core import files

from .test_files_store import png_bytes


def put(name: str, age_minutes: int) -> str:
    saved = default_storage.save(name, ContentFile(b"orphan"))
    then = time.time() - age_minutes * 60
    os.utime(default_storage.path(saved), (then, then))
    return saved


def sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("files_sweep", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def layout(org, media) -> dict[str, str]:  # noqa: ANN001
    recorded = files.file_store(
        actor=None, organization=org, upload=SimpleUploadedFile("logo.png", png_bytes()), purpose="org.logo"
    )
    then = time.time() - 120 * 60
    os.utime(default_storage.path(recorded.storage_name), (then, then))
    return {
        "old_orphan": put(f"org/{org.pk}/2024/01/old-orphan", 90),
        "fresh_orphan": put(f"org/{org.pk}/2024/02/fresh-orphan", 10),
        "recorded": recorded.storage_name,
        "outside": put("exports/old-export", 500),
    }


def test_sweep_removes_only_old_orphans(layout):
    assert (
        sweep("--older-than-minutes", "60")
        == f"removed {layout['old_orphan']}\n1 orphaned file(s) removed.\n"
    )
    assert not default_storage.exists(layout["old_orphan"])
    assert default_storage.exists(layout["fresh_orphan"])
    assert default_storage.exists(layout["recorded"])
    assert default_storage.exists(layout["outside"])


def test_sweep_threshold_is_taken_from_the_option(layout):
    output = sweep("--older-than-minutes", "5")
    assert output == (
        f"removed {layout['old_orphan']}\nremoved {layout['fresh_orphan']}\n2 orphaned file(s) removed.\n"
    )
    assert default_storage.exists(layout["recorded"])


def test_sweep_default_threshold_is_an_hour(layout):
    assert sweep() == f"removed {layout['old_orphan']}\n1 orphaned file(s) removed.\n"


def test_dry_run_deletes_nothing(layout):
    assert sweep("--dry-run") == f"would remove {layout['old_orphan']}\n1 orphaned file(s) found.\n"
    assert default_storage.exists(layout["old_orphan"])


def test_sweep_with_nothing_stored(media):
    assert sweep() == "0 orphaned file(s) removed.\n"


def test_threshold_below_one_minute_is_refused(media):
    with pytest.raises(CommandError, match="at least 1"):
        sweep("--older-than-minutes", "0")
