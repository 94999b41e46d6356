import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from itsms.core import files, services
from itsms.core.models import Organization, StoredFile

from .spec import RouteSpec


def populate(org: Organization) -> None:
    """Give each organization a logo: a stored file that every member may download."""
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 120, 200)).save(buf, "PNG")
    upload = SimpleUploadedFile("logo.png", buf.getvalue())
    logo = files.file_store(actor=None, organization=org, upload=upload, purpose="org.logo")
    services.organization_set_logo(actor=None, organization=org, logo=logo)


def _file(org: Organization) -> dict[str, object]:
    return {
        "file_id": StoredFile.objects.filter(organization=org, purpose="org.logo")
        .order_by("created_at")
        .values_list("pk", flat=True)[0]
    }


ROUTES: dict[str, RouteSpec] = {
    "core:file_download": RouteSpec(capability="can_view_organization", kwargs=_file),
    "core:org_settings": RouteSpec(capability="can_manage_organization"),
    "core:org_logo": RouteSpec(
        capability="can_manage_organization", post_only=True, post_data=lambda org: {}
    ),
}
