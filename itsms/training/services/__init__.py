"""Every write of the training area. Views, API, commands, demo data and tests call these."""

from .attendance import attendance_record, attendance_sign_in
from .awareness import awareness_confirm, campaign_close, campaign_create
from .competence import requirement_create, requirement_delete
from .sessions import (
    material_add,
    session_create,
    session_invite,
    session_transition,
    session_update,
)
from .window import sign_in_window, training_settings, training_settings_update

__all__ = [
    "attendance_record",
    "attendance_sign_in",
    "awareness_confirm",
    "campaign_close",
    "campaign_create",
    "material_add",
    "requirement_create",
    "requirement_delete",
    "session_create",
    "session_invite",
    "session_transition",
    "session_update",
    "sign_in_window",
    "training_settings",
    "training_settings_update",
]
