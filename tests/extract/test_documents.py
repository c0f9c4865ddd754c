from kg.extract.documents import find_documents


def relations(text: str) -> list[tuple[str, str]]:
    return [(d.title, d.relation) for d in find_documents(text)]


def test_adopted_studied_issued_and_other():
    text = (
        "会议传达学习了《甲条例》,审议通过了《乙要点》《丙计划》;会议印发了《丁启事》。"
        "研究制定了《戊方案》。"
    )
    assert relations(text) == [
        ("甲条例", "studied"),
        ("乙要点", "adopted"),
        ("丙计划", "adopted"),
        ("丁启事", "issued"),
        ("戊方案", "other"),
    ]


def test_discussing_without_adopting_is_other():
    assert relations("会议协商讨论了《关于文旅融合的调研报告》(草案)。") == [("关于文旅融合的调研报告", "other")]
