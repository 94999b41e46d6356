"""Requirement and documented-information choices carry their clause number and title in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from itsms.catalogue.models import DocumentedInfo, Requirement
from itsms.documents.forms import DocumentForm


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_document_form_choices_name_clause_and_title(org, iso20000, language):  # noqa: ANN001
    req = Requirement.objects.select_related("clause").get(ref="8.2.4/1")
    info = DocumentedInfo.objects.select_related("clause").filter(retired=False).first()
    with translation.override(language):
        form = DocumentForm(organization=org)
        reqs = dict((int(str(v)), label) for v, label in form.fields["requirements"].choices)
        infos = dict((int(str(v)), label) for v, label in form.fields["documented_info"].choices)
        clause_title, info_title = req.clause.display_title, info.display_title
    assert reqs[req.pk].startswith(f"8.2.4/1 {clause_title} — ")
    assert infos[info.pk] == f"{info.clause.ref_id} {info_title}"
    if language == "zh-hans":
        assert clause_title == req.clause.title_zh and clause_title
