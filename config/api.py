"""The REST API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from itsms.accounts.throttle import TokenRateThrottle
from itsms.core.api import router as core_router
from itsms.core.api.ninja_api import ItsmsAPI
from itsms.core.api.times import OrgTimeRenderer
from itsms.core.api_errors import install_error_handlers

api = ItsmsAPI(
    title="itsms API",
    version="1",
    description="ISO/IEC 20000-1 service management system. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api",
    # Date-times in the organization's zone with their offset (the token authentication activates it).
    renderer=OrgTimeRenderer(),
    # Per token, counted in the database so that every app process sees the same count.
    throttle=[TokenRateThrottle()],
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/", "itsms.audits.api.router")
api.add_router("/", "itsms.diagnosis.api.router")
api.add_router("/", "itsms.reviews.api.router")
api.add_router("/", "itsms.certification.api.router")
api.add_router("/o/{org}/", "itsms.catalogue.api.router")
api.add_router("/o/{org}/training/", "itsms.training.api.router")
api.add_router("/o/{org}/programme/", "itsms.programme.api.router")
api.add_router("/o/{org}/design/", "itsms.organization.api.router")
api.add_router("/o/{org}/", "itsms.documents.api.router")
