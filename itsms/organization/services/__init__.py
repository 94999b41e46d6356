from .design import (
    appointment_create,
    appointment_sign,
    group_member_add,
    group_member_remove,
    group_update,
    objective_result_add,
    policy_create,
    raci_set,
    record_create,
    record_update,
    scope_create,
)

__all__ = [
    "appointment_create",
    "appointment_sign",
    "group_member_add",
    "group_member_remove",
    "group_update",
    "objective_result_add",
    "policy_create",
    "raci_set",
    "record_create",
    "record_update",
    "scope_create",
]
