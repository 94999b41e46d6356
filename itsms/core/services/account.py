"""Changes a user makes to their own account (not tied to one organization, so not in a chain)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import User


@transaction.atomic
def user_set_language(*, actor: User, language: str) -> User:
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": "Unknown language."})
    User.objects.filter(pk=actor.pk).update(language=language)
    actor.language = language
    return actor
