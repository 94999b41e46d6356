"""The purposes of the files this area stores, and who may download them."""

from __future__ import annotations

from itsms.core.files import register_purpose

from .permissions import can_manage_training, can_view_training

MATERIAL = "training.material"
AWARENESS_DOCUMENT = "training.awareness"


def register_training_purposes() -> None:
    register_purpose(
        MATERIAL,
        can_download=lambda m, f: can_view_training(m),
        can_delete=lambda m, f: can_manage_training(m),
    )
    register_purpose(
        AWARENESS_DOCUMENT,
        can_download=lambda m, f: can_view_training(m),
        can_delete=lambda m, f: can_manage_training(m),
    )
