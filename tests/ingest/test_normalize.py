"""normalize_text and repair_column_breaks: one text form for every extractor."""

from __future__ import annotations

from kg.ingest import normalize_text, repair_column_breaks


def test_full_width_digits_letters_and_punctuation_become_half_width() -> None:
    assert normalize_text("３月１５日，ＣＰＰＣＣ召开会议：（一）") == "3月15日,CPPCC召开会议:(一)"


def test_pinyin_notes_after_a_character_are_removed() -> None:
    assert normalize_text("臨川區(qū)政協(xié)副主席劉學(xué)寧") == "临川区政协副主席刘学宁"


def test_pinyin_notes_in_full_width_parentheses_are_removed_too() -> None:
    assert normalize_text("政協（xié）會議") == "政协会议"


def test_parentheses_that_are_not_pinyin_stay() -> None:
    assert normalize_text("常委(扩大)会议审议了报告(a)和(draft)") == "常委(扩大)会议审议了报告(a)和(draft)"


def test_traditional_script_becomes_simplified() -> None:
    assert normalize_text("臨川縣政協召開常委會會議") == "临川县政协召开常委会会议"


def test_simplified_text_with_one_stray_traditional_character_is_left_alone() -> None:
    text = "会议强调,要团结各方力量,凝聚共识,为推动临川经济社会高质量发展汇聚起強大力量。"
    assert normalize_text(text) == text


def test_column_breaks_inside_words_are_rejoined() -> None:
    lines = [
        "今年,青溪县政协以开展“三抓三",
        "",
        "促”行动为契机,根据各委办年度工作目标、领",
        "",
        "导交办的任务,举办读书活动4",
        "",
        "次,开展交流会2次。",
    ]
    assert repair_column_breaks(lines) == [
        "今年,青溪县政协以开展“三抓三促”行动为契机,根据各委办年度工作目标、领导交办的任务,举办读书活动4次,开展交流会2次。"
    ]


def test_real_paragraph_breaks_stay() -> None:
    lines = ["会议要求,要抓好学习。", "", "会议强调,要转变作风。”", "", "要狠抓落实!"]
    assert repair_column_breaks(lines) == ["会议要求,要抓好学习。", "会议强调,要转变作风。”", "要狠抓落实!"]


def test_credit_lines_and_datelines_are_never_joined_to_an_unfinished_line() -> None:
    lines = [
        "决定会议于1月14日召开 建议全会于1月16日召开",
        "本报临川讯(记者王 青)1月7日,会议召开。",
        "记者:罗一帆 苏木",
        "编辑:林可",
    ]
    assert repair_column_breaks(lines) == lines


def test_a_subheading_in_a_record_stays_on_its_own_line() -> None:
    lines = ["一、提高政治站位", "要深入学习,提高认识。"]
    assert repair_column_breaks(lines) == lines


def test_telling_the_script_of_a_long_page_keeps_no_object_per_character() -> None:
    import tracemalloc

    from kg.ingest.normalize import is_traditional

    page = "临川县政协主席周海涛主持召开会议,审议通过了《县政协常委会2023年工作要点》。" * 30_000
    tracemalloc.start()
    try:
        assert not is_traditional(page)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 1.2 million characters: a list of one-character strings would take ~66 MB
    assert peak < 30_000_000
