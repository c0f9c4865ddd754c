"""Lists of names strung together with 、 (kg.extract.name_lists). Fictional names throughout."""

from kg.extract.name_lists import find_name_lists, name_at


def names(text: str) -> list[list[str]]:
    return [[n for n, _, _ in nl.items] for nl in find_name_lists(text)]


def test_a_long_list_after_a_title_is_read_to_its_end():
    text = "省政协副主席周立山、范青、郝德明、罗文和、宋一帆、龚志远出席会议。"
    assert names(text) == [["周立山", "范青", "郝德明", "罗文和", "宋一帆", "龚志远"]]


def test_a_name_ending_in_he_stays_whole_inside_a_list():
    # 罗文和 ends in 和, which is also "and": inside the list it is part of the name
    assert "罗文和" in names("副主席甘立、罗文和、宋一帆出席")[0]


def test_he_joins_the_last_two_names():
    assert names("会上,王芳、李建国、周一平和赵宁出席。") == [["王芳", "李建国", "周一平", "赵宁"]]


def test_a_list_with_no_title_before_a_verb_gives_persons():
    assert names("郝仁杰、卓雅、严明轩、郭文出席会议。") == [["郝仁杰", "卓雅", "严明轩", "郭文"]]


def test_names_without_a_known_surname_count_inside_a_licensed_list():
    found = names("在主席台就座的有:何敬山、曲央卓玛、罗增寿等。")
    assert found == [["何敬山", "曲央卓玛", "罗增寿"]]


def test_transliterated_names_and_notes_in_a_list():
    found = find_name_lists("主席团成员郑一鸣、卓雅(女)、帕丽达·吐尔逊等参加会议。")
    assert [n for n, _, _ in found[0].items] == ["郑一鸣", "卓雅", "帕丽达·吐尔逊"]
    text = "主席团成员郑一鸣、卓雅(女)、帕丽达·吐尔逊等参加会议。"
    assert all(text[s:e] == n for n, s, e in found[0].items)


def test_lists_of_ordinary_words_are_not_persons():
    assert names("坚持政治协商、民主监督、参政议政。") == []
    assert names("把好政治关、史实关、文字关。") == []
    assert names("工信、金融办等单位要主动作为。") == []


def test_a_name_ends_where_a_known_word_begins():
    assert name_at("局长孙晓喆围绕主题作报告", 2) == ("孙晓喆", 2, 5)


def test_a_roster_line_lists_names_apart_by_spaces():
    assert names("副主席:郝仁杰  严明轩  帕丽达·吐尔逊  郭文\n") == [["郝仁杰", "严明轩", "帕丽达·吐尔逊", "郭文"]]


def test_a_clause_of_names_after_a_list_goes_on_with_it():
    found = names("出席大会的领导还有:郝仁杰、严明轩、郭文山,卓雅、何敬山、周一平。")
    assert [n for group in found for n in group] == ["郝仁杰", "严明轩", "郭文山", "卓雅", "何敬山", "周一平"]


def test_a_title_after_the_last_joiner_is_not_read_as_a_name():
    found = names("副主席郝仁杰、严明轩、郭文山及秘书长董立国出席会议。")
    assert found == [["郝仁杰", "严明轩", "郭文山"]]


def test_a_long_name_right_after_an_opening_word_heads_the_list():
    assert names("出席会议的还有县领导斯琴巴特尔、乌日娜、郝仁杰和卓雅。") == [["斯琴巴特尔", "乌日娜", "郝仁杰", "卓雅"]]


def test_lists_licensed_by_what_follows_them():
    assert names("宗洛·向巴、多吉次珠、阿旺、卓嘎、王刚在主席台就座。") == [["宗洛·向巴", "多吉次珠", "阿旺", "卓嘎", "王刚"]]
    assert names("胡万山、陈存林、何小东等市委、市政府领导出席。") == [["胡万山", "陈存林", "何小东"]]


def test_the_last_name_of_a_list_may_be_a_word_jieba_knows():
    assert names("党组成员郝仁杰、卓雅、付强参加会议。") == [["郝仁杰", "卓雅", "付强"]]
