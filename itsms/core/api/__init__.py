"""The core area's REST API, mounted by config/api.py under /api/v1/.

Every operation lives under `/o/{org}/` and authenticates with an organization token (see api_auth).
Reads go through the selectors and writes through the services, with the permission functions the
pages use, so the API can never do what the pages refuse.
"""

from ninja import Router

from ..api_auth import OrgTokenAuth
from . import audit, directory, organization

router = Router(auth=OrgTokenAuth())
router.add_router("o/{org}/", organization.router)
router.add_router("o/{org}/", directory.departments)
router.add_router("o/{org}/", directory.positions)
router.add_router("o/{org}/", directory.people)
router.add_router("o/{org}/", audit.router)

__all__ = ["router"]
