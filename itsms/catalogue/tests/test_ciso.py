import pytest

from itsms.catalogue.loader import LoadError
from itsms.catalogue.models import Clause, Requirement, Standard
from itsms.catalogue.services import library_load_file

from .conftest import DATA

SAMPLE = DATA / "ciso-sample.yaml"


def test_ciso_framework_is_imported_as_a_tree_with_requirements(db):
    library_load_file(path=SAMPLE)

    standard = Standard.objects.get()
    assert (standard.urn, standard.ref, standard.source_format, standard.locale) == (
        "urn:itsms-test:risk:framework:cn-csl-sample",
        "CN-CSL",
        "ciso",
        "zh",
    )
    assert (standard.name, standard.name_zh) == (
        "PRC Cybersecurity Law (excerpt)",
        "中华人民共和国网络安全法（节选）",
    )
    assert list(
        Clause.objects.order_by("order").values_list(
            "ref_id", "title", "title_zh", "depth", "assessable", "leaf"
        )
    ) == [
        ("第三章", "Network operation security", "网络运行安全", 0, False, False),
        ("第二十一条", "Multi-level protection scheme", "网络安全等级保护", 1, True, True),
        ("第二十五条", "Incident response plan", "网络安全事件应急预案", 1, True, True),
        ("第四章", "Network information security", "网络信息安全", 0, False, False),
        ("第四十二条", "Protection of personal information", "个人信息保护", 1, True, True),
    ]
    a21 = Clause.objects.get(ref_id="第二十一条")
    assert a21.parent == Clause.objects.get(ref_id="第三章")
    requirement = Requirement.objects.get(clause=a21)
    assert requirement.ref == "第二十一条"
    assert requirement.text.startswith("Network operators meet the graded protection duties")
    assert requirement.text_zh.startswith("网络运营者按等级保护制度")
    assert Requirement.objects.count() == 3


def test_ciso_node_with_unknown_parent_is_refused_with_line(db, write_yaml):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "parent_urn: urn:itsms-test:risk:req_node:cn-csl-sample:ch4", "parent_urn: urn:x:nowhere"
    )
    with pytest.raises(LoadError) as exc:
        library_load_file(path=write_yaml(text), source="ciso.yaml")
    assert str(exc.value) == (
        "ciso.yaml, line 66: parent_urn 'urn:x:nowhere' is not a node listed before this one"
    )
    assert Standard.objects.count() == 0


def test_ciso_node_without_assessable_is_refused(db, write_yaml):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "        assessable: false\n        depth: 1\n        ref_id: 第四章",
        "        depth: 1\n        ref_id: 第四章",
        1,
    )
    with pytest.raises(
        LoadError, match=r"line 5\d: .*requirement_nodes\[4\] is missing the required key 'assessable'"
    ):
        library_load_file(path=write_yaml(text), source="ciso.yaml")
