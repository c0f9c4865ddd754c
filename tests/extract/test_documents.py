from kg.extract.documents import find_documents


def relations(text: str) -> list[tuple[str, str]]:
    return [(d.title, d.relation) for d in find_documents(text)]


def test_adopted_studied_issued_and_other():
    text = (
        "会议传达学习了《甲条例》,审议通过了《乙要点》《丙计划》;会议印发了《丁启事》。研究制定了《戊方案》。"
    )
    assert relations(text) == [
        ("甲条例", "studied"),
        ("乙要点", "adopted"),
        ("丙计划", "adopted"),
        ("丁启事", "issued"),
        ("戊方案", "other"),
    ]


def test_discussing_without_adopting_is_other():
    assert relations("会议协商讨论了《关于文旅融合的调研报告》(草案)。") == [
        ("关于文旅融合的调研报告", "other")
    ]


def test_a_title_that_qualifies_the_reporter_is_not_adopted():
    text = "会议审议通过了《常委会工作报告》报告人和《提案工作报告》报告人,审议通过了《甲规则》及报告人。"
    assert relations(text) == [("常委会工作报告", "other"), ("提案工作报告", "other"), ("甲规则", "adopted")]


def test_an_exhortation_to_study_is_not_a_study():
    assert relations("他指出,要深入学习贯彻中共中央《关于加强某项工作的意见》。") == [
        ("关于加强某项工作的意见", "other")
    ]


def test_hearing_and_researching_are_other():
    text = "会议听取了《某某工作情况的汇报》,研究了《乙方案》,协商讨论了《丙报告》。"
    assert relations(text) == [("某某工作情况的汇报", "other"), ("乙方案", "other"), ("丙报告", "other")]
