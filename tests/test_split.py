"""Sentence splitters: rules, OmegaT emulation and the offset/rebuild invariant."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.align.split import rebuild, split_en, split_zh


def texts(sents):
    return [s.text for s in sents]


def test_zh_closing_quote_attaches_to_its_sentence():
    assert texts(split_zh("他说：“今天下雨了。”我们没有出门。")) == ["他说：“今天下雨了。”", "我们没有出门。"]


def test_zh_no_split_inside_titles_or_before_continuation():
    assert texts(split_zh("《你好！中国》是一本书。")) == ["《你好！中国》是一本书。"]
    assert texts(split_zh("“走吧！”，他说。")) == ["“走吧！”，他说。"]


def test_zh_nested_titles_hold_their_terminators():
    assert texts(split_zh("《关于〈决定〉的说明。附件》正文。再见。")) == ["《关于〈决定〉的说明。附件》正文。", "再见。"]


def test_zh_a_stray_title_close_after_a_sentence_opens_nothing():
    assert texts(split_zh("他说好。》然后走了。再见。")) == ["他说好。》", "然后走了。", "再见。"]


def test_zh_a_stray_title_close_in_running_text_opens_nothing_either():
    assert texts(split_zh("他说》好。再见。")) == ["他说》好。", "再见。"]


def test_zh_a_single_ellipsis_character_does_not_end_a_sentence():
    assert texts(split_zh("他说…然后走了。再见。")) == ["他说…然后走了。", "再见。"]


def test_zh_full_width_terminators_split_before_latin_text():
    assert texts(split_zh("第一句。Second句。好。 OK。")) == ["第一句。", "Second句。", "好。", "OK。"]


def test_zh_half_width_marks_between_digits_or_glued_to_ascii_do_not_split():
    assert texts(split_zh("比分是3! 2，对吗？对。")) == ["比分是3! 2，对吗？", "对。"]
    assert texts(split_zh("访问Yahoo!Japan网站。好! 走。")) == ["访问Yahoo!Japan网站。", "好!", "走。"]
    assert texts(split_zh("好! 2023年到了。")) == ["好!", "2023年到了。"]  # a digit after, none before
    assert texts(split_zh("? 1比2")) == ["?", "1比2"]  # nothing before the mark at the very start


def test_zh_ellipsis_and_semicolon_end_sentences_in_bitext_mode():
    assert texts(split_zh("这是第一句……这是第二句。")) == ["这是第一句……", "这是第二句。"]
    assert texts(split_zh("坚持改革；扩大开放。")) == ["坚持改革；", "扩大开放。"]
    assert texts(split_zh("坚持改革；扩大开放。", terminators="。！？")) == ["坚持改革；扩大开放。"]


def test_zh_numbers_are_not_split():
    assert texts(split_zh("增长3.5%。价格为2.75元！")) == ["增长3.5%。", "价格为2.75元！"]


def test_zh_omegat_mode_follows_default_srx():
    # OmegaT's default Chinese rules: no break after 。” / ？” when text follows, none at ……
    assert texts(split_zh("他说：“今天下雨了。”我们没有出门。", "omegat")) == ["他说：“今天下雨了。”我们没有出门。"]
    assert texts(split_zh("妈妈问：“你吃饭了吗？”我说：“吃了！”", "omegat")) == ["妈妈问：“你吃饭了吗？”我说：“吃了！”"]
    assert texts(split_zh("这是第一句……这是第二句。", "omegat")) == ["这是第一句……这是第二句。"]
    assert texts(split_zh("价格3.5元。今天好！明天", "omegat")) == ["价格3.5元。", "今天好！", "明天"]
    assert texts(split_zh("好的；再见! Yes.", "omegat")) == ["好的；再见!", "Yes."]
    # a line break ends a segment only before a blank (an indented next line)
    assert texts(split_zh("第一行\n 第二行", "omegat")) == ["第一行", "第二行"]
    assert texts(split_zh("第一行\n第二行", "omegat")) == ["第一行\n第二行"]
    # a numbered line's number is a segment of its own before a capital, also at the very end
    assert texts(split_zh("1) Hello", "omegat")) == ["1)", "Hello"]
    assert texts(split_zh("12) ", "omegat")) == ["12)"]
    # the Chinese rules come first: no break after a full stop, whatever follows (also at the very end)
    assert texts(split_zh("Wait... And go. 好。", "omegat")) == ["Wait... And go. 好。"]
    assert texts(split_zh("他说：Wait...", "omegat")) == ["他说：Wait..."]


def test_en_abbreviations_decimals_initials():
    text = ("Mr. Smith met Dr. Jones on Jan. 5 in the U.S. Army base. Prices rose 3.5 percent, e.g. rice. "
            "J. K. Rowling agreed. See No. 4 for details! Was it? \"Yes.\" Then... Nothing.")
    assert texts(split_en(text)) == [
        "Mr. Smith met Dr. Jones on Jan. 5 in the U.S. Army base.",
        "Prices rose 3.5 percent, e.g. rice.",
        "J. K. Rowling agreed.",
        "See No. 4 for details!",
        "Was it?",
        "\"Yes.\"",
        "Then...",
        "Nothing.",
    ]


def test_en_stops_after_non_words_sentence_final_abbreviations_and_capitalised_words():
    assert texts(split_en("Growth was 5%. Prices rose (see above). Then it fell.")) == [
        "Growth was 5%.", "Prices rose (see above).", "Then it fell."]
    assert texts(split_en("Apples, pears, etc. The next day was fine.")) == [
        "Apples, pears, etc.", "The next day was fine."]
    assert texts(split_en("He works at WHO. The pay is good. J. K. Rowling wrote it.")) == [
        "He works at WHO.", "The pay is good.", "J. K. Rowling wrote it."]


def test_en_lowercase_after_period_does_not_split():
    assert len(split_en("It was 5 p.m. and dark. the end")) == 1


def test_whitespace_is_outside_sentences():
    text = "\u3000\u3000第一句。  第二句！\n"
    sents = split_zh(text)
    assert texts(sents) == ["第一句。", "第二句！"]
    assert rebuild(text, sents) == text


_ZH_ALPHABET = st.sampled_from(list("我们今天下雨了中国发展3.5%《》“”‘’（）。！？；，…、 \u3000\nabc!?"))
_EN_ALPHABET = st.sampled_from(list("abc XYZ.!?\"'()…,;\n0123") + ["Mr.", "U.S.", " e.g. ", "..."])


def _check_invariant(text, sents):
    assert rebuild(text, sents) == text
    pos = 0
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip() and s.start >= pos
        assert text[pos : s.start].strip() == ""  # only blanks between sentences
        pos = s.end
    assert text[pos:].strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(_ZH_ALPHABET, max_size=60).map("".join), st.sampled_from(["bitext", "omegat"]))
def test_zh_offsets_rebuild_paragraph(text, mode):
    _check_invariant(text, split_zh(text, mode))


@settings(max_examples=200, deadline=None)
@given(st.lists(_EN_ALPHABET, max_size=60).map("".join))
def test_en_offsets_rebuild_paragraph(text):
    _check_invariant(text, split_en(text))
