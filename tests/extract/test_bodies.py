from kg.extract.bodies import find_bodies
from kg.gazetteer import gazetteer


def test_a_wrong_level_in_the_text_resolves_to_the_real_division():
    g = gazetteer()
    found = find_bodies("陇西市政协召开座谈会", g.by_code["621122"])
    assert [(b.name, b.region.code) for b in found] == [("陇西县政协", "621122")]
    assert found[0].note and "陇西县" in found[0].note


def test_the_long_form_is_the_same_committee():
    found = find_bodies("政协临夏回族自治州第十三届委员会", None)
    assert [b.name for b in found] == ["临夏回族自治州政协"]


def test_gazetteer_is_current():
    g = gazetteer()
    assert g.by_code["620881"].name == "华亭市"  # a city since 2018
    assert [d.code for d in g.lookup("华亭县")] == ["620881"]  # the old name is an alias
    assert g.by_code["621122"].level == "county"


def test_companies_and_institutes_are_organisations_located_by_their_name():
    from kg.extract.bodies import find_other_orgs

    found = find_other_orgs("调研组先后深入临川新材料有限公司、江西宏远农业研究院和南丰县蜜橘专业合作社", None)
    assert [(b.name, b.kind, b.region.name if b.region else None) for b in found] == [
        ("临川新材料有限公司", "company", None),
        ("江西宏远农业研究院", "institute", "江西省"),
        ("南丰县蜜橘专业合作社", "company", "南丰县"),
    ]
