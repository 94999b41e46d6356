"""Every write in the core area. Views, API, commands and tests call these; nothing else writes."""

from .directory import (
    department_create,
    department_delete,
    department_update,
    person_create,
    person_update,
    position_create,
    position_update,
)
from .members import (
    membership_add,
    membership_deactivate,
    membership_set_roles,
    membership_set_validity,
    membership_update,
    user_create,
)
from .organizations import (
    organization_create,
    organization_open,
    organization_set_logo,
    organization_update,
)
from .tokens import api_token_create, api_token_mark_used, api_token_revoke

__all__ = [
    "api_token_create",
    "api_token_mark_used",
    "api_token_revoke",
    "department_create",
    "department_delete",
    "department_update",
    "membership_add",
    "membership_deactivate",
    "membership_set_roles",
    "membership_set_validity",
    "membership_update",
    "organization_create",
    "organization_open",
    "organization_set_logo",
    "organization_update",
    "person_create",
    "person_update",
    "position_create",
    "position_update",
    "user_create",
]
