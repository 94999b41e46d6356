import pytest

from itsms.catalogue import selectors
from itsms.catalogue.loader import LoadError
from itsms.catalogue.models import Clause, Mapping, MappingLink, Standard
from itsms.catalogue.services import library_load_file

HEAD = """\
format: itsms-mapping
urn: urn:itsms:map:test
version: 1
source: urn:itsms:std:iso-iec-20000-1:2018
target: urn:itsms:std:iso-iec-27001:2022
links:
  - {source: "4.1", target: "4.1", relationship: equal}
"""


def test_shipped_mapping_links_shared_clauses_and_8_7_3(mapped: None):
    mapping = Mapping.objects.get(urn="urn:itsms:map:iso-iec-20000-1-2018:iso-iec-27001-2022")
    pairs = set(
        MappingLink.objects.filter(mapping=mapping).values_list(
            "source_clause__ref_id", "target_clause__ref_id", "relationship"
        )
    )
    assert ("4.1", "4.1", "equal") in pairs
    assert ("10.1", "10.2", "equal") in pairs
    assert {("8.7.3", ref, "related") for ref in ("6.1.2", "6.1.3", "8.2", "8.3")} <= pairs
    assert ("8.7.3.3", "A.5.26", "related") in pairs
    assert len(pairs) == 50


def test_mapped_clauses_are_seen_from_both_sides(mapped: None, django_assert_num_queries):
    clause = Clause.objects.get(standard__urn="urn:itsms:std:iso-iec-20000-1:2018", ref_id="8.7.3.3")
    with django_assert_num_queries(1):
        others = [(other.standard.ref, other.ref_id) for _, other in selectors.mapped_clauses(clause)]
    assert others == [
        ("ISO/IEC 27001:2022", "A.5.24"),
        ("ISO/IEC 27001:2022", "A.5.25"),
        ("ISO/IEC 27001:2022", "A.5.26"),
    ]
    target = Clause.objects.get(standard__urn="urn:itsms:std:iso-iec-27001:2022", ref_id="A.5.26")
    assert [o.ref_id for _, o in selectors.mapped_clauses(target)] == ["8.7.3.3"]


def test_mapping_naming_an_unknown_clause_is_refused_with_line(iso20000, iso27001, write_yaml):
    text = HEAD + '  - {source: "8.9", target: "4.2", relationship: related}\n'
    with pytest.raises(LoadError) as exc:
        library_load_file(path=write_yaml(text), source="map.yaml")
    assert str(exc.value) == "map.yaml, line 8: unknown clause '8.9' in ISO/IEC 20000-1:2018"
    assert Mapping.objects.count() == 0
    assert MappingLink.objects.count() == 0


def test_mapping_naming_an_unknown_target_clause_is_refused(iso20000, iso27001, write_yaml):
    text = HEAD + '  - {source: "4.2", target: "A.9.9", relationship: related}\n'
    with pytest.raises(LoadError, match=r"line 8: unknown clause 'A.9.9' in ISO/IEC 27001:2022"):
        library_load_file(path=write_yaml(text), source="map.yaml")


def test_mapping_to_a_standard_not_loaded_is_refused(iso20000, write_yaml):
    with pytest.raises(LoadError) as exc:
        library_load_file(path=write_yaml(HEAD), source="map.yaml")
    assert str(exc.value) == (
        "map.yaml, line 5: unknown standard 'urn:itsms:std:iso-iec-27001:2022': load its library first"
    )


def test_mapping_with_a_bad_relationship_is_refused(iso20000, iso27001, write_yaml):
    with pytest.raises(LoadError, match=r"line 7: mapping.links\[1\].relationship is 'same'"):
        library_load_file(path=write_yaml(HEAD.replace("equal", "same")), source="map.yaml")


def test_mapping_upgrade_retires_dropped_links(iso20000, iso27001, write_yaml):
    library_load_file(path=write_yaml(HEAD + '  - {source: "4.2", target: "4.2", relationship: equal}\n'))
    library_load_file(path=write_yaml(HEAD.replace("version: 1", "version: 2")), allow_retire=True)

    assert sorted(MappingLink.objects.values_list("source_clause__ref_id", "retired")) == [
        ("4.1", False),
        ("4.2", True),
    ]
    assert Standard.objects.count() == 2
