"""Posts from title chains, on fictional sentences in the style of county CPPCC news."""

from kg.extract import extract_article
from kg.model import Article


def posts(text: str, **meta: str) -> set[tuple[str, str, str]]:
    facts = extract_article(Article(id="t", text=text, **meta))
    post_in = {f.subject.id: f.object.label for f in facts if f.predicate == "POST_IN"}
    return {
        (f.subject.label, f.object.prop("role"), post_in[f.object.id]) for f in facts if f.predicate == "HOLDS"
    }


def test_party_group_posts_belong_to_the_cppcc_body():
    found = posts("本报南丰讯 4月9日,南丰县政协党组书记、主席刘志强主持召开会议。", dateline="南丰")
    assert found == {("刘志强", "党组书记", "南丰县政协"), ("刘志强", "主席", "南丰县政协")}


def test_listed_vice_chairs_each_hold_the_post_and_the_list_continues():
    found = posts("县政协副主席杨光明、许文静及秘书长孙丽华出席会议。", locality="金溪县")
    assert found == {
        ("杨光明", "副主席", "金溪县政协"),
        ("许文静", "副主席", "金溪县政协"),
        ("孙丽华", "秘书长", "金溪县政协"),
    }


def test_party_committee_and_united_front_posts_go_to_their_own_bodies():
    found = posts("县委常委、统战部部长、县政协党组副书记何丽娟出席会议。", locality="金溪县")
    assert found == {
        ("何丽娟", "常委", "金溪县委"),
        ("何丽娟", "部长", "金溪县委统战部"),
        ("何丽娟", "党组副书记", "金溪县政协"),
    }


def test_a_deputy_county_head_is_posted_at_the_county_government():
    assert posts("县委常委、副县长程丽萍应邀出席。", locality="宜黄县") == {
        ("程丽萍", "常委", "宜黄县委"),
        ("程丽萍", "副县长", "宜黄县人民政府"),
    }


def test_a_city_level_word_in_a_district_article_means_the_parent_city():
    found = posts("区政协主席郑国华主持会议,传达市政协主席钱文博调研精神。", locality="临川区")
    assert ("钱文博", "主席", "抚州市政协") in found
    assert ("郑国华", "主席", "临川区政协") in found


def test_ordinary_words_after_a_title_are_not_names():
    assert posts("会议研究了区政协领导班子成员及三级调研员分工,审议了主席名单。", locality="临川区") == set()


def test_titles_inside_document_names_are_not_posts():
    assert posts("会议学习了《关于县政协副主席联系委员的意见》。", locality="金溪县") == set()


def test_minority_names_with_a_dot_and_compound_surnames():
    found = posts("县政协副主席买买提·艾力、欧阳振华出席会议。", locality="金溪县")
    assert found == {("买买提·艾力", "副主席", "金溪县政协"), ("欧阳振华", "副主席", "金溪县政协")}
