"""Term matching: leftmost-longest, non-overlapping, character offsets; every occurrence (``find_all``);
both against a brute-force reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.glossary.matcher import Matcher
from bitext.core.terms import Term


def spans(matcher: Matcher, text: str) -> list[tuple[str, int, int]]:
    return [(h.term.zh, h.start, h.end) for h in matcher.find(text)]


def test_nested_term_resolves_to_longest():
    m = Matcher([Term("中国特色社会主义", "socialism with Chinese characteristics"),
                 Term("习近平新时代中国特色社会主义思想", "Xi Jinping Thought on Socialism with Chinese "
                                                   "Characteristics for a New Era")])
    text = "坚持以习近平新时代中国特色社会主义思想为指导，走中国特色社会主义道路。"
    assert spans(m, text) == [("习近平新时代中国特色社会主义思想", 3, 19), ("中国特色社会主义", 24, 32)]
    for zh, start, end in spans(m, text):
        assert text[start:end] == zh


def test_overlap_leftmost_wins():
    m = Matcher([Term("放管服", "x"), Term("服务群众", "y"), Term("管服", "z")])
    # 放管服务群众: 放管服 starts first; 服务群众 overlaps it and loses; nothing else fits.
    assert spans(m, "放管服务群众") == [("放管服", 0, 3)]
    assert spans(m, "管服务群众") == [("管服", 0, 2)]


def test_repeated_and_adjacent_hits():
    m = Matcher([Term("党支部", "Party branch"), Term("党小组", "Party group")])
    assert spans(m, "党支部党支部，党小组") == [("党支部", 0, 3), ("党支部", 3, 6), ("党小组", 7, 10)]


def test_empty_glossary_and_empty_text():
    assert Matcher([]).find("党支部") == []
    assert Matcher([Term("党支部", "Party branch")]).find("") == []


def test_offsets_are_characters_not_bytes():
    m = Matcher([Term("两个维护", "two upholds")])
    text = "𠀀 “两个维护”"  # an astral character and curly quotes before the term
    (hit,) = m.find(text)
    assert text[hit.start:hit.end] == "两个维护"


def reference(text: str, words: list[str]) -> list[tuple[str, int, int]]:
    candidates = sorted(((i, -len(w), w) for w in set(words) for i in range(len(text)) if text.startswith(w, i)))
    out, covered = [], 0
    for start, neg, w in candidates:
        if start >= covered:
            out.append((w, start, start - neg))
            covered = start - neg
    return out


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="党支部小组", min_size=1, max_size=4), min_size=1, max_size=8),
       text=st.text(alphabet="党支部小组，", max_size=40))
def test_matches_brute_force_reference(words, text):
    m = Matcher([Term(w, w) for w in words])
    assert spans(m, text) == reference(text, words)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="党支部小组", min_size=1, max_size=4), min_size=1, max_size=8),
       text=st.text(alphabet="党支部小组，", max_size=40))
def test_find_all_is_every_occurrence(words, text):
    m = Matcher([Term(w, w) for w in words])
    every = sorted((i, -len(w), w) for w in set(words) for i in range(len(text)) if text.startswith(w, i))
    assert [(h.term.zh, h.start, h.end) for h in m.find_all(text)] == [(w, i, i - neg) for i, neg, w in every]


def test_find_all_keeps_nested_terms():
    m = Matcher([Term("中国特色社会主义", "socialism with Chinese characteristics"),
                 Term("习近平新时代中国特色社会主义思想", "Xi Jinping Thought")])
    text = "坚持以习近平新时代中国特色社会主义思想为指导"
    assert [(h.term.zh, h.start) for h in m.find_all(text)] == [("习近平新时代中国特色社会主义思想", 3),
                                                                ("中国特色社会主义", 9)]
    assert Matcher([]).find_all(text) == [] and m.find_all("") == []


def test_a_term_printed_differently_is_found_with_its_quotation_marks():
    m = Matcher([Term("放管服改革", "reforms to streamline administration"),
                 Term("“四个全面”战略布局", "Four-pronged Comprehensive Strategy"),
                 Term("中国（上海）自由贸易试验区", "China (Shanghai) Pilot Free Trade Zone"),
                 Term("澜沧江－湄公河合作", "Lancang-Mekong Cooperation"),
                 Term("中国制造2025", "Made in China 2025")])
    for text, printed in [("深化“放管服”改革。", "“放管服”改革"),
                          ("深化放管服改革。", "放管服改革"),
                          ("协调推进四个全面战略布局", "四个全面战略布局"),
                          ("协调推进“四个全面”战略布局", "“四个全面”战略布局"),
                          ("建设中国(上海)自由贸易试验区", "中国(上海)自由贸易试验区"),
                          ("深化澜沧江—湄公河合作", "澜沧江—湄公河合作"),
                          ("深化澜沧江-湄公河合作", "澜沧江-湄公河合作"),
                          ("实施中国制造 2025", "中国制造 2025"),
                          ("实施“中国制造２０２５”", "中国制造２０２５")]:
        (hit,) = m.find(text)
        assert text[hit.start:hit.end] == printed, text


def test_an_entry_quoted_as_a_whole_matches_only_where_the_text_quotes_it():
    m = Matcher([Term("“天和”", "Tianhe"), Term("“爱国者治港”、“爱国者治澳”", "patriots administering Hong Kong and Macao")])
    text = "“天和”核心舱发射成功"
    (hit,) = m.find(text)
    assert text[hit.start:hit.end] == "“天和”"
    assert m.find("今天和明天") == [] and m.find_all("今天和明天") == []
    text = "落实「爱国者治港」、「爱国者治澳」原则"
    assert [text[h.start:h.end] for h in m.find(text)] == ["「爱国者治港」、「爱国者治澳」"]


def test_of_two_entries_printed_differently_the_later_one_wins():
    m = Matcher([Term("“放管服”改革", "reform A"), Term("放管服改革", "reform B")])
    assert [h.term.en for h in m.find("深化放管服改革，推进“放管服”改革")] == ["reform B", "reform B"]
    # A wholly quoted entry wins only where the text quotes it; elsewhere its bare twin still matches.
    m = Matcher([Term("双碳", "dual carbon"), Term("“双碳”", "carbon peaking and carbon neutrality")])
    assert [h.term.en for h in m.find("实现双碳目标，推进“双碳”工作")] == ["dual carbon",
                                                                   "carbon peaking and carbon neutrality"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="党支部小组", min_size=1, max_size=4), min_size=1, max_size=8),
       text=st.text(alphabet="党支部小组， “”", max_size=40))
def test_quotation_marks_and_spaces_in_the_text_do_not_change_what_matches(words, text):
    from bitext.core.printing import bare_zh

    m = Matcher([Term(w, w) for w in words])
    hits = m.find(text)
    assert [h.term.zh for h in hits] == [w for w, _, _ in reference(bare_zh(text), words)]
    for h in hits:
        assert bare_zh(text[h.start:h.end]) == h.term.zh
        assert text[h.start] not in " ”" and text[h.end - 1] not in " “"


def test_find_printed_returns_the_span_with_its_quotation_marks():
    from bitext.core.printing import find_printed

    text = "We deepen “放管服”改革 and 中国(上海)自由贸易试验区."
    start, end = find_printed(text, "放管服改革")
    assert text[start:end] == "“放管服”改革"
    start, end = find_printed(text, "中国（上海）自由贸易试验区")
    assert text[start:end] == "中国(上海)自由贸易试验区"
    assert find_printed(text, "放管服改革试点") is None and find_printed(text, "") is None
