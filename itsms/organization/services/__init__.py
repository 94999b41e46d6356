from .design import (
    group_member_add,
    group_member_remove,
    group_update,
    objective_result_add,
    raci_set,
    record_create,
    record_update,
    scope_create,
)
from .signatures import appointment_create, appointment_sign, policy_create, policy_sign

__all__ = [
    "appointment_create",
    "appointment_sign",
    "group_member_add",
    "group_member_remove",
    "group_update",
    "objective_result_add",
    "policy_create",
    "policy_sign",
    "raci_set",
    "record_create",
    "record_update",
    "scope_create",
]
