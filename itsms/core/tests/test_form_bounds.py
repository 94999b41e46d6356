"""Forms bound dates and whole numbers as the API does (BootstrapMixin, core/bounds.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.urls import reverse

from itsms.core import services
from itsms.core.forms.base import BootstrapMixin
from itsms.core.models import Role
from itsms.organization import services as design_services
from itsms.organization.forms import ResultForm
from itsms.organization.models import Objective, ObjectiveResult


class _Numbers(BootstrapMixin, forms.Form):
    count = forms.IntegerField()
    share = forms.DecimalField(max_digits=5, decimal_places=2, required=False)


def test_a_date_outside_1900_to_2200_is_a_field_error():
    for value in ("1899-12-31", "2201-01-01", "0001-01-01"):
        form = ResultForm({"period_end": value, "value": "1"})
        assert not form.is_valid()
        assert form.errors["period_end"] == ["Enter a date between 1900-01-01 and 2200-12-31."]
    assert ResultForm({"period_end": "2026-01-31", "value": "1"}).is_valid()


def test_a_whole_number_past_a_column_is_a_field_error():
    form = _Numbers({"count": str(2**63)})
    assert not form.is_valid()
    assert form.errors["count"] == ["Ensure this value is less than or equal to 9223372036854775807."]
    assert _Numbers({"count": "5", "share": "1.5"}).is_valid()


def test_the_bounds_do_not_pile_up_on_the_class(db):  # noqa: ANN001
    _Numbers()
    _Numbers()
    assert len(_Numbers().fields["count"].validators) == len(_Numbers.base_fields["count"].validators) + 2


def test_the_objective_page_refuses_a_result_dated_1800(org, admin, make_member, client_for):  # noqa: ANN001
    owner = make_member(org, [Role.TOP_MANAGEMENT], "boss")
    owner.person = services.person_create(actor=None, organization=org, full_name="刘建国")
    owner.save(update_fields=["person"])
    objective = design_services.record_create(
        actor=admin,
        organization=org,
        model=Objective,
        title="SLA",
        target=Decimal("95"),
        owner=owner.person,
        method="m",
        frequency="monthly",
    )
    url = reverse("organization:objective_result_add", kwargs={"org": org.slug, "pk": objective.pk})
    client_for(owner.user).post(url, {"period_end": "1800-01-31", "value": "96.5"})
    assert not ObjectiveResult.objects.filter(objective=objective).exists()
    client_for(owner.user).post(url, {"period_end": "2026-01-31", "value": "96.5"})
    assert list(ObjectiveResult.objects.filter(objective=objective).values_list("period_end", flat=True)) == [
        dt.date(2026, 1, 31)
    ]
