from django.urls import reverse

from itsms.core import dashboard
from itsms.core.dashboard import Widget


def test_widgets_are_shown_by_permission_and_hidden_without_context(org, admin, staff, monkeypatch):
    monkeypatch.setattr(dashboard, "_widgets", {})
    dashboard.register_widget(Widget("a", "t.html", lambda m: {"n": 1}, lambda m: True, order=2))
    dashboard.register_widget(Widget("b", "t.html", lambda m: None, lambda m: True, order=1))
    dashboard.register_widget(Widget("c", "t.html", lambda m: {"n": 3}, lambda m: m.user == admin, order=3))
    admin_m = admin.memberships.get(organization=org)
    staff_m = staff.memberships.get(organization=org)
    assert [(w.key, c) for w, c in dashboard.widgets_for(admin_m)] == [("a", {"n": 1}), ("c", {"n": 3})]
    assert [w.key for w, _ in dashboard.widgets_for(staff_m)] == ["a"]


def test_overview_shows_the_programme_and_documents_widgets(org, admin, client_for):
    body = client_for(admin).get(reverse("core:dashboard", kwargs={"org": org.slug})).content.decode()
    assert 'data-widget="programme"' in body
    assert "Start the programme" in body
    assert 'data-widget="documents"' in body
    assert 'id="documents-to-acknowledge">0<' in body


def test_overview_hides_widgets_a_role_may_not_see(org, make_member, client_for):
    customer = make_member(org, ["customer"], "cust").user
    response = client_for(customer).get(reverse("core:dashboard", kwargs={"org": org.slug}))
    assert 'data-widget="programme"' not in response.content.decode()
    assert 'data-widget="documents"' not in response.content.decode()
