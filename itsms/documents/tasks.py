"""Background work of document control (django-tasks: the database backend and its worker in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def extract_revision_text(revision_id: int, file_id: str) -> int:
    """Read the words of a revision's uploaded file for search, after the upload committed."""
    from .services.extraction import revision_text_extract

    return revision_text_extract(revision_id=revision_id, file_id=file_id)
