"""Persons named without a post (kg.extract.persons), on fictional sentences in news style."""

from kg.extract.persons import find_other_persons


def names(text: str) -> set[str]:
    return {name for name, _, _ in find_other_persons(text)}


def test_newsroom_credits_are_persons_and_a_credit_may_list_several():
    assert names("(责编:郝仁杰、严明轩)") == {"郝仁杰", "严明轩"}
    assert {"周一平", "卓文华"} <= names("一审:周一平\n三审:卓文华")


def test_one_name_standing_for_a_counted_group():
    assert "郭文山" in names("会议选出监票人,监票人是郭文山等12人。")


def test_a_clause_that_opens_with_a_name_and_a_persons_verb():
    assert "何敬山" in names("澳门委员多人出席,何敬山列席。")


def test_a_leader_named_before_the_title():
    assert "龚立新" in names("要认真贯彻全委会议和龚立新书记的讲话精神。")


def test_spans_point_at_the_names():
    text = "(责编:郝仁杰、严明轩)会上,何敬山列席。"
    assert all(text[s:e] == n for n, s, e in find_other_persons(text))


def test_a_speaker_who_opens_a_clause_with_a_verb_of_speech():
    assert "郝仁杰" in names("会议结束时,郝仁杰说:要抓好落实。")
    assert names("他说,要抓好落实。") == set()


def test_a_leader_named_by_the_speech_they_gave():
    assert "扎西多杰" in names("会议传达学习了省委会议精神、扎西多杰在某县调研时的讲话精神。")
