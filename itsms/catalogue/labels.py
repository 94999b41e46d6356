"""How a requirement or a documented-information item is named in a list or a form's choices.

Always in the reader's language and with its clause number, never a bare code: "8.2.4/1 服务目录管理 —
…" for a requirement, "8.2.4 服务目录" for a documented-information item. Querysets given to these labels
should select the clause (`select_related("clause")`).
"""

from __future__ import annotations

from django.utils.text import Truncator

from .models import DocumentedInfo, Requirement

TEXT_CHARS = 80


def requirement_label(requirement: Requirement) -> str:
    clause = requirement.clause
    text = Truncator(requirement.display_text).chars(TEXT_CHARS)
    return f"{requirement.ref} {clause.display_title} — {text}"


def documented_info_label(item: DocumentedInfo) -> str:
    return f"{item.clause.ref_id} {item.display_title}".strip()
