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


def test_a_long_list_after_a_national_title_gives_every_name_the_post():
    found = posts("全国政协副主席甘立、罗文和、宋一帆、龚志远、帕丽达·吐尔逊出席会议。", locality="中华人民共和国")
    assert {name for name, _, _ in found} == {"甘立", "罗文和", "宋一帆", "龚志远", "帕丽达·吐尔逊"}
    assert {(role, body) for _, role, body in found} == {("副主席", "全国政协")}


def test_a_politburo_standing_member_holds_a_post_of_the_politburo():
    found = posts("中共中央政治局常委、全国政协主席周立山出席。", locality="中华人民共和国")
    assert found == {("周立山", "常委", "中共中央政治局"), ("周立山", "主席", "全国政协")}


def test_plenary_roles_belong_to_the_cppcc_not_to_the_body_before_them():
    found = posts("县委副书记、县长陆文山,大会执行主席郝仁杰、严明轩在主席台就座。", locality="金溪县")
    assert ("郝仁杰", "执行主席", "金溪县政协") in found
    assert ("严明轩", "执行主席", "金溪县政协") in found
    assert ("陆文山", "县长", "金溪县人民政府") in found


def test_a_united_front_title_inside_the_body_name_keeps_the_chain():
    found = posts("市委常委、市委统战部部长、市政协党组副书记卓雅作说明。", locality="抚州市")
    assert ("卓雅", "常委", "抚州市委") in found
    assert ("卓雅", "部长", "抚州市委统战部") in found


def test_a_concurrent_post_joined_by_jian_keeps_the_body():
    found = posts("市政协副主席兼秘书长郭文主持会议。", locality="抚州市")
    assert found == {("郭文", "副主席", "抚州市政协"), ("郭文", "秘书长", "抚州市政协")}


def test_election_results_give_the_elected_posts():
    found = posts(
        "郝仁杰当选为市政协主席;严明轩、郭文、卓雅当选为副主席;周一平等35人当选为常委。", locality="抚州市"
    )
    assert ("郝仁杰", "主席", "抚州市政协") in found
    assert {n for n, role, _ in found if role == "副主席"} == {"严明轩", "郭文", "卓雅"}
    assert ("周一平", "常委", "抚州市政协") in found


def test_an_association_named_in_the_chain_is_the_post_s_body():
    found = posts("省政协常委、澳门南岭同乡会会长何敬山出席开幕式。", locality="福建省")
    assert ("何敬山", "会长", "澳门南岭同乡会") in found


def test_a_count_of_members_is_not_a_name():
    assert posts("出席大会的委员应到120名,实到112名。", locality="金溪县") == set()


def test_a_post_of_a_past_term_is_not_held():
    found = posts("出席会议的有十三届市政协主席郝仁杰,十二届市政协主席严明轩。", locality="抚州市")
    assert ("郝仁杰", "主席", "抚州市政协") in found
    assert not any(name == "严明轩" for name, _, _ in found)


def test_a_former_post_marked_yuan_is_not_held():
    assert posts("原县政协主席郭文参加活动。", locality="金溪县") == set()


def test_a_roster_s_names_hold_its_role():
    found = posts("省政协十三届委员会委员名单中,港澳人士包括何敬山、卓雅(女)、郭文山。", locality="福建省")
    assert found == {(n, "委员", "福建省政协") for n in ("何敬山", "卓雅", "郭文山")}


def test_a_presiding_role_inside_the_chain_is_no_post():
    found = posts("大会主席团常务主席、会议主持人郝仁杰主持会议。", locality="抚州市")
    assert found == {("郝仁杰", "主席团常务主席", "抚州市政协")}


def test_a_national_ministry_before_a_title_is_its_body():
    found = posts("国家能源局副局长周立山作报告。", locality="中华人民共和国")
    assert found == {("周立山", "副局长", "国家能源局")}


def test_a_leader_named_before_the_title_is_posted_at_the_sentence_s_body():
    found = posts("要贯彻市委全会和龚立新书记的讲话精神。", locality="抚州市")
    assert found == {("龚立新", "书记", "抚州市委")}


def test_a_religious_title_after_a_name_is_not_part_of_it():
    found = posts("市政协副主席艾力·买买提大毛拉出席。", locality="乌鲁木齐市")
    assert found == {("艾力·买买提", "副主席", "乌鲁木齐市政协")}


def test_a_special_committee_of_a_cppcc_is_the_post_s_body():
    found = posts("全国政协提案委员会主任郝仁杰、经济委员会副主任严明轩作汇报。", locality="中华人民共和国")
    assert found == {("郝仁杰", "主任", "全国政协提案委员会"), ("严明轩", "副主任", "全国政协经济委员会")}


def test_courts_and_procuratorates_are_bodies_of_their_region():
    found = posts("州中级人民法院院长郭文山,州人民检察院检察长卓雅出席。", locality="甘南藏族自治州")
    assert found == {("郭文山", "院长", "甘南藏族自治州中级人民法院"), ("卓雅", "检察长", "甘南藏族自治州人民检察院")}


def test_a_plenary_role_taken_by_named_persons():
    found = posts("开幕会的执行主席由郝仁杰、严明轩担任。", locality="抚州市")
    assert found == {("郝仁杰", "执行主席", "抚州市政协"), ("严明轩", "执行主席", "抚州市政协")}


def test_a_word_after_a_title_is_no_name():
    assert posts("全国政协委员应邀出席会议。", locality="中华人民共和国") == set()


def test_elected_by_the_meeting_names_first_then_the_post():
    found = posts("会议选举郝仁杰为政协第十二届抚州市委员会副主席,选举严明轩、郭文山为常务委员。", locality="抚州市")
    assert found == {("郝仁杰", "副主席", "抚州市政协"), ("严明轩", "常委", "抚州市政协"), ("郭文山", "常委", "抚州市政协")}


def test_a_bare_cppcc_among_local_leaders_is_the_places_own():
    found = posts("市政协副主席、旗委书记郝仁杰,旗人大常委会主任卓雅、政协主席严明轩出席。", locality="乌拉特中旗")
    assert ("严明轩", "主席", "乌拉特中旗政协") in found


def test_a_bare_government_between_two_titles_keeps_the_chain():
    found = posts("旗委副书记、政府旗长郭文山出席。", locality="乌拉特中旗")
    assert found == {("郭文山", "副书记", "乌拉特中旗委"), ("郭文山", "旗长", "乌拉特中旗人民政府")}


def test_every_listed_name_holds_the_whole_chain():
    found = posts("区政协党组成员、副主席郝仁杰、卓雅出席。", locality="涪陵区")
    assert ("卓雅", "党组成员", "涪陵区政协") in found and ("卓雅", "副主席", "涪陵区政协") in found


def test_the_plenary_names_its_executive_chairs_after_a_colon():
    found = posts("本次大会的执行主席是:郝仁杰、卓雅、严明轩。", locality="乌拉特中旗")
    assert {n for n, role, _ in found if role == "执行主席"} == {"郝仁杰", "卓雅", "严明轩"}


def test_national_news_posts_a_bare_committee_at_the_national_cppcc():
    found = posts("新华社北京3月2日电 经济委员会主任郝仁杰作汇报。", locality="中华人民共和国")
    assert found == {("郝仁杰", "主任", "全国政协经济委员会")}


def test_a_democratic_party_committee_is_the_post_s_body():
    found = posts("自治区政协常委、民盟南岭区委会主委郭文山出席。", locality="新疆维吾尔自治区")
    assert found == {("郭文山", "常委", "新疆维吾尔自治区政协"), ("郭文山", "主委", "民盟南岭区委会")}


def test_an_autonomous_regions_vice_chair_is_of_its_government():
    found = posts("自治区副主席艾力·买买提到会听取发言。", locality="新疆维吾尔自治区")
    assert found == {("艾力·买买提", "副主席", "新疆维吾尔自治区人民政府")}


def test_a_title_of_a_past_term_at_the_head_of_its_phrase_is_former():
    text = "政协十三届全国委员会主席选举结果:十二届全国人大某委员会副主任委员郝仁杰当选为全国政协秘书长。"
    found = posts(text, locality="中华人民共和国")
    assert found == {("郝仁杰", "秘书长", "全国政协")}


def test_a_title_glued_to_a_body_kg_cannot_name_gives_no_post_but_keeps_the_person():
    found = posts("市纪检委派驻市委组织部纪检组组长郝仁杰出席。", locality="乌拉特中旗")
    assert not any(body.endswith("政协") for _, _, body in found)
    facts = extract_article(Article(id="t", text="市纪检委派驻纪检组组长郝仁杰出席。", locality="乌拉特中旗"))
    assert "郝仁杰" in {f.object.label for f in facts if f.predicate == "MENTIONS"}


def test_the_clauses_after_an_election_go_on_with_it():
    found = posts("大会选举郝仁杰为县政协主席,卓雅、严明轩、郭文山为副主席,周一平为秘书长。", locality="金溪县")
    assert found == {
        ("郝仁杰", "主席", "金溪县政协"),
        ("卓雅", "副主席", "金溪县政协"),
        ("严明轩", "副主席", "金溪县政协"),
        ("郭文山", "副主席", "金溪县政协"),
        ("周一平", "秘书长", "金溪县政协"),
    }


def test_given_names_with_time_words_inside_and_names_that_are_words():
    found = posts("县政协秘书长罗时祥出席。县人大常委会主任林中,县政协秘书长游来清出席会议。", locality="金溪县")
    assert {n for n, _, _ in found} == {"罗时祥", "林中", "游来清"}


def test_by_elections_with_a_count_after_the_names():
    found = posts("补选郝仁杰为省政协副主席,卓雅、严明轩、郭文山3名委员为常务委员。", locality="河北省")
    assert {n for n, role, _ in found if role == "常委"} == {"卓雅", "严明轩", "郭文山"}


def test_executive_chairs_named_after_shi_without_a_colon():
    found = posts("当天大会的执行主席是郝仁杰、卓雅、严明轩。", locality="抚州市")
    assert {n for n, role, _ in found if role == "执行主席"} == {"郝仁杰", "卓雅", "严明轩"}
