"""`manage.py audit_verify`: one line per organization, exit status 1 when any chain is broken."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from itsms.core import services
from itsms.core.models import Organization, User

from .test_audit_chain import TAMPERS


@pytest.fixture
def chain(org: Organization, admin: User) -> Organization:
    for code in ("OPS", "DEV", "QA"):
        services.department_create(actor=admin, organization=org, name=f"Dept {code}", code=code)
    return org


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """Run the command as manage.py does and answer (exit status, stdout, stderr)."""
    # run_from_argv closes every connection when it ends, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    def go(*args: str) -> tuple[int, str, str]:
        try:
            ManagementUtility(["manage.py", "audit_verify", *args]).execute()
            status = 0
        except SystemExit as exc:
            status = int(exc.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return go


def test_intact_chains_exit_0_with_one_line_each(chain: Organization, other_org: Organization, run) -> None:  # noqa: ANN001
    assert run() == (0, "acme: 5 entries, chain intact\nother: 1 entry, chain intact\n", "")


def test_org_option_checks_only_that_organization(chain: Organization, other_org: Organization, run) -> None:  # noqa: ANN001
    assert run("--org", "other") == (0, "other: 1 entry, chain intact\n", "")


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tampering_exits_1(chain: Organization, run, name: str) -> None:  # noqa: ANN001
    tamper, problems = TAMPERS[name]
    tamper(chain)
    status, out, err = run("--org", "acme")
    assert status == 1
    assert out.splitlines()[1:] == [f"  - {p}" for p in problems]
    assert err == "CommandError: Tampering found in the audit trail of: acme\n"


def test_report_names_the_broken_chain_and_the_intact_one(
    chain: Organization,
    other_org: Organization,
    run,  # noqa: ANN001
) -> None:
    TAMPERS["edit_action"][0](chain)
    status, out, _err = run()
    assert status == 1
    assert out == (
        "acme: 5 entries, CHAIN BROKEN (1 problem)\n"
        "  - entry #3: content does not match its MAC (edited or forged)\n"
        "other: 1 entry, chain intact\n"
    )


def test_unknown_slug_is_a_clear_error(chain: Organization) -> None:
    with pytest.raises(CommandError, match="There is no organization with the short name 'nope'."):
        call_command("audit_verify", "--org", "nope", stdout=io.StringIO())


def test_call_command_raises_with_returncode_1_on_tampering(chain: Organization) -> None:
    TAMPERS["delete_head"][0](chain)
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify", stdout=io.StringIO())
    assert raised.value.returncode == 1
