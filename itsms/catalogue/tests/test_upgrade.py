import pytest

from itsms.catalogue.loader import LoadError
from itsms.catalogue.models import AuditQuestion, Clause, Requirement, Standard
from itsms.catalogue.services import library_load_file

from .test_loader import VALID

V2 = (
    VALID.replace("version: 1", "version: 2")
    .replace("title: Leaf one", "title: Leaf one, renamed")
    # Requirement "b" and its question are dropped; clause 2 is dropped; clause 3 is new.
    .replace("          - id: b\n            text: Do the second thing.\n", "")
    .replace(
        "        questions:\n          - text: Is the first thing done?\n            requirement: b\n", ""
    )
    .replace('  - ref: "2"\n    title: Second\n', '  - ref: "3"\n    title: Third\n')
)


@pytest.fixture
def v1(db, write_yaml) -> Standard:
    library_load_file(path=write_yaml(VALID, "v1.yaml"))
    return Standard.objects.get()


def test_upgrade_updates_in_place_and_retires_what_is_gone(v1, write_yaml):
    ids = dict(Requirement.objects.values_list("ref", "pk"))
    clause_ids = dict(Clause.objects.values_list("ref_id", "pk"))

    result = library_load_file(path=write_yaml(V2, "v2.yaml"), allow_retire=True)

    assert Standard.objects.get().version == 2
    leaf = Clause.objects.get(ref_id="1.1")
    assert (leaf.pk, leaf.title, leaf.retired) == (clause_ids["1.1"], "Leaf one, renamed", False)
    assert Requirement.objects.get(ref="1.1/1").pk == ids["1.1/1"]
    assert Requirement.objects.get(ref="1.1/b").retired is True
    assert Clause.objects.get(ref_id="2").retired is True
    assert Requirement.objects.get(ref="2/1").retired is True
    assert AuditQuestion.objects.get().retired is True
    assert Clause.objects.get(ref_id="3").retired is False
    assert Clause.objects.count() == 4
    assert (result.previous_version, result.retired) == (1, 4)


def test_retired_items_come_back_when_a_later_version_restores_them(v1, write_yaml):
    library_load_file(path=write_yaml(V2, "v2.yaml"), allow_retire=True)
    library_load_file(
        path=write_yaml(VALID.replace("version: 1", "version: 3"), "v3.yaml"), allow_retire=True
    )

    assert Requirement.objects.get(ref="1.1/b").retired is False
    assert Clause.objects.get(ref_id="2").retired is False
    assert Clause.objects.get(ref_id="3").retired is True


def test_lower_version_is_refused_and_changes_nothing(v1, write_yaml):
    library_load_file(path=write_yaml(V2, "v2.yaml"), allow_retire=True)
    before = list(Clause.objects.order_by("pk").values_list("pk", "title", "retired"))

    with pytest.raises(LoadError, match="version 2 is already loaded; version 1 is not newer"):
        library_load_file(path=write_yaml(VALID, "v1.yaml"))

    assert Standard.objects.get().version == 2
    assert list(Clause.objects.order_by("pk").values_list("pk", "title", "retired")) == before


def test_an_upgrade_that_retires_is_refused_without_allow_retire_and_changes_nothing(v1, write_yaml):
    before = list(Clause.objects.order_by("pk").values_list("pk", "title", "retired"))

    with pytest.raises(LoadError, match="would retire 4 item"):
        library_load_file(path=write_yaml(V2, "v2.yaml"))

    assert Standard.objects.get().version == 1
    assert list(Clause.objects.order_by("pk").values_list("pk", "title", "retired")) == before


def test_the_stored_version_records_the_files_sha256(db, write_yaml):
    import hashlib

    path = write_yaml(VALID, "v1.yaml")
    library_load_file(path=path)
    assert Standard.objects.get().sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_lists_what_is_added_changed_and_retired_and_stores_nothing(v1, write_yaml):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("catalogue_load", str(write_yaml(V2, "v2.yaml")), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "upgrade from version 1" in text
    assert "clauses: 1 added, 1 changed, 1 retired" in text
    assert "    - 2 Second" in text
    assert "    + 3 Third" in text
    assert text.rstrip().endswith("Dry run: nothing was stored.")
    assert Standard.objects.get().version == 1
    assert not Clause.objects.filter(ref_id="3").exists()


def test_the_command_retires_only_with_allow_retire(v1, write_yaml):
    from django.core.management import CommandError, call_command

    path = str(write_yaml(V2, "v2.yaml"))
    with pytest.raises(CommandError, match="--allow-retire"):
        call_command("catalogue_load", path)
    assert Standard.objects.get().version == 1
    call_command("catalogue_load", path, "--allow-retire")
    assert Standard.objects.get().version == 2
