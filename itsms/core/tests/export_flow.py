"""The export flow as a page user follows it, for any area's tests: post the button's form, land on the
job page, download the file its link names (a FileResponse). The task runs in the on-commit callbacks,
so the caller passes pytest-django's `django_capture_on_commit_callbacks`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from itsms.core.models import ExportJob, ExportStatus, Organization


def export_through_job(
    client: Client, org: Organization, kind: str, data: dict[str, Any], capture: Callable[..., Any]
) -> tuple[ExportJob, Any]:
    with capture(execute=True):
        response = client.post(reverse("core:export_start", kwargs={"org": org.slug, "kind": kind}), data)
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.filter(organization=org, kind=kind).latest("pk")
    assert response["Location"] == reverse("core:export_detail", kwargs={"org": org.slug, "pk": job.pk})
    assert (job.status, job.message) == (ExportStatus.DONE, "")
    page = client.get(response["Location"]).content.decode()
    download = reverse("core:file_download", kwargs={"org": org.slug, "file_id": job.file_id})
    assert f'href="{download}"' in page
    file_response = client.get(download)
    assert file_response.status_code == 200
    return job, file_response
