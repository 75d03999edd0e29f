"""Realisation in English output (inflection, consumption) and WMT-style term scores."""

from __future__ import annotations

from bitext.core.terms import Term, TermHit
from bitext.glossary.realised import realise, stem
from bitext.glossary.score import term_scores
from bitext.glossary.store import Glossary

FANGGUANFU = Term("放管服", "streamline administration, delegate power, improve regulation and upgrade services",
                  ("streamline administration and delegate power",))
SIYISHI = Term("四个意识", "maintain political integrity, think in big-picture terms, follow the leadership core, "
                         "and keep in alignment", ("the Four Consciousnesses",))
RURAL = Term("乡村振兴", "rural revitalization", ("rural vitalization",))
PARTY = Term("党", "the Party")
CPC = Term("中国共产党", "the Communist Party of China", ("the CPC",))


def hits(*terms):
    return [TermHit(t, i * 10, i * 10 + len(t.zh)) for i, t in enumerate(terms)]


def found(terms, text):
    return [r.rendering for r in realise(hits(*terms), text)]


def test_case_whitespace_hyphen_and_punctuation():
    assert found([RURAL], "RURAL   Revitalization is key.") == ["rural revitalization"]
    assert found([Term("党建", "Party building")], "Party-building work") == ["Party building"]
    assert found([SIYISHI], "We must maintain political integrity, think in big-picture terms, follow the "
                            "leadership core and keep in alignment.") == [SIYISHI.en]  # no Oxford comma


def test_inflection():
    assert found([FANGGUANFU], "by streamlining administration, delegating power, improving regulations and "
                               "upgrading services") == [FANGGUANFU.en]
    assert found([FANGGUANFU], "They streamlined administration and delegated power.") == [FANGGUANFU.variants[0].text]
    assert stem("policies") == stem("policy") and stem("planned") == stem("plan")
    assert stem("controlled") == stem("control") and stem("services") == stem("service")


def test_short_form_variant_accepted_and_article_optional():
    assert found([SIYISHI], "strengthen the Four Consciousnesses") == ["the Four Consciousnesses"]
    assert found([Term("新发展格局", "the new development paradigm")], "a new development paradigm") == [
        "the new development paradigm"]


def test_british_spelling_realises_the_american_rendering():
    pairs = [("socialist modernization", "socialist modernisation"), ("labor productivity", "labour productivity"),
             ("community service center", "community service centres"), ("national defense", "national defence"),
             ("poverty alleviation program", "poverty alleviation programmes"),
             ("population aging", "population ageing"),
             ("organized crime", "organised crime"), ("analyze risks", "analysing risks")]
    for rendering, text in pairs:
        assert found([Term("词", rendering)], text) == [rendering], text
        assert found([Term("词", text)], rendering) == [text], rendering  # and the other way round
    assert stem("four") != stem("for") and stem("hour") != stem("hor")  # "-our" is folded by name only
    assert found([Term("词", "enterprise reform")], "enterprize reform") == ["enterprise reform"]


def test_one_inserted_word():
    disasters = Term("防灾减灾", "prevent and mitigate disasters")
    assert found([disasters], "to prevent and mitigate natural disasters") == [disasters.en]
    assert found([Term("非公有制企业", "non-public enterprises")], "non-public sector enterprises") == [
        "non-public enterprises"]
    # Not two inserted words, not a conjunction or negation, not across a clause boundary.
    assert found([disasters], "to prevent and mitigate major natural disasters") == [None]
    assert found([Term("政府定价", "government-set")], "prices the government or set by") == [None]
    assert found([Term("党建", "Party building")], "the Party, not building") == [None]
    services = Term("基本公共服务", "basic public services")
    assert found([services], "It is basic. Urban public services grow.") == [None]
    assert found([services], "basic\nurban public services") == [None]
    # One-word renderings have nowhere to insert a word.
    assert found([Term("社会主义", "socialism")], "socialist") == [None]


def test_exact_matches_are_claimed_before_any_with_an_inserted_word():
    # "cut overcapacity" must not lose "overcapacity" to a longer rendering matched with an extra word.
    address = Term("化解过剩产能", "address overcapacity now")
    cut = Term("去产能", "cut overcapacity")
    assert found([address, cut], "address, cut overcapacity now") == [None, "cut overcapacity"]
    assert found([address, cut], "address the overcapacity now and cut overcapacity") == [
        "address overcapacity now", "cut overcapacity"]
    # An exact match of the same term is preferred to one with an inserted word.
    rural = Term("乡村振兴", "rural revitalization")
    r = realise(hits(rural), "rural area revitalization and rural revitalization")[0]
    assert r.span == (4, 6)
    r = realise(hits(rural), "rural area revitalization")[0]
    assert (r.rendering, r.span) == ("rural revitalization", (0, 3))


def test_partial_rendering_is_not_realised():
    assert found([FANGGUANFU], "streamline administration and reform") == [None]
    assert found([RURAL], "rural areas were revitalized") == [None]


def test_each_occurrence_consumes_one_match():
    assert found([RURAL, RURAL], "rural revitalization matters") == ["rural revitalization", None]
    assert found([RURAL, RURAL], "rural revitalization and rural vitalization") == [
        "rural revitalization", "rural vitalization"]


def test_longer_rendering_claims_first():
    # 中国共产党 and 党 in one sentence: "the Party" inside "the Communist Party of China" does not count twice.
    assert found([PARTY, CPC], "the Communist Party of China leads") == [None, "the Communist Party of China"]
    assert found([PARTY, CPC], "the Communist Party of China and the Party") == ["the Party",
                                                                                 "the Communist Party of China"]


def test_term_scores():
    g = Glossary([RURAL, Term("国家统计局", "National Bureau of Statistics"), SIYISHI])
    sources = ["乡村振兴稳步推进。", "国家统计局表示，乡村振兴和乡村振兴。", "今天天气很好。", "增强四个意识。"]
    hyps = ["Rural revitalization is advancing.", "The bureau said rural revitalizations advanced.", "Nice day.",
            "Strengthen the four consciousnesses."]
    s = term_scores(sources, hyps, g)
    assert (s.occurrences, s.matched) == (5, 3)
    assert (s.segments, s.segments_satisfied) == (3, 2)
    assert (s.entries, s.entries_matched) == (4, 2)
    assert s.rate == 3 / 5 and s.segment_rate == 2 / 3
    assert [seg.missing for seg in s.per_segment] == [[], ["国家统计局", "乡村振兴"], []]
    strict = term_scores(sources, hyps, g, exact=True)
    assert strict.matched == 3  # "rural revitalizations" contains the exact string too
    assert term_scores(["乡村振兴"], ["rural revitalisation"], g).matched == 1  # British spelling
    assert term_scores(["乡村振兴"], ["rural revitalisation"], g, exact=True).matched == 0
    assert term_scores(["乡村振兴"], ["rural renewal"], g).matched == 0
    assert term_scores([], [], g).rate == 1.0


# Forms that must share one key, each class distinct from the others; the words sit at the length
# limits of each suffix rule ("ties", "sing", "need" are too short to lose theirs), and plurals of
# words that end like a verb form ("buildings", "speeds", "hundreds").
STEM_CLASSES = [
    ("policy", "policies"), ("tie", "ties"), ("plan", "plans", "planned", "planning"),
    ("streamline", "streamlines", "streamlined", "streamlining"), ("sing", "sings"), ("thing", "things"),
    ("need", "needs"), ("tax", "taxes"), ("class", "classes"), ("wish", "wishes"),
    ("match", "matches"), ("people", "people's", "peoples"), ("2020", "2020s"), ("status",), ("state", "states"),
    ("analysis",), ("bus",), ("control", "controlled", "controls"), ("free", "freed"),
    ("see", "sees"), ("agree", "agreed"), ("fee", "fees"), ("ring", "rings"), ("bring", "brings", "bringing"),
    ("speed", "speeds", "speeding"), ("feed", "feeding"), ("dies",), ("do",), ("odd",), ("inn", "inns"),
    ("build", "building", "buildings"), ("occur", "occurred", "occurring"), ("rate", "rates", "rated"),
    ("gas", "gases"), ("meeting", "meetings"), ("hundred", "hundreds"),
    ("proceed", "proceeds", "proceeding"), ("bed", "beds", "bedding"),
]


def test_stem_classes():
    keys = [{stem(w) for w in forms} for forms in STEM_CLASSES]
    assert all(len(k) == 1 for k in keys), [(f, k) for f, k in zip(STEM_CLASSES, keys) if len(k) != 1]
    flat = [next(iter(k)) for k in keys]
    assert len(set(flat)) == len(flat), sorted(flat)


def test_word_spans_point_at_each_word_also_when_normalisation_changes_lengths():
    from bitext.glossary.realised import word_spans, words

    for text in ["The ﬁscal policy’s aims", "Ｆｕｌｌ-width ＴＥＸＴ, ok?", "ﬃ ﬁ ﬂ", "plain words only",
                 "Ⅻ items", "x ㎏ y"]:
        spans = word_spans(text)
        assert [words(text[s:e]) for s, e in spans] == [[w] for w in words(text)], text
        assert all(0 <= s < e <= len(text) for s, e in spans)


OBOR = Term("一带一路", "Belt and Road Initiative", ("Belt and Road",),
            avoid=("One Belt One Road", "OBOR strategy", "OBOR", "Road Initiative"))


def avoided(terms, text):
    return [r.avoided for r in realise(hits(*terms), text)]


def test_an_article_is_optional_for_a_two_word_rendering():
    assert found([PARTY], "Party members met") == ["the Party"]


def test_a_wrong_rendering_is_reported_with_its_word_span_and_blocks_nothing_after_it():
    text = "In 2023 we kept away from OBOR and rural revitalization grew"
    assert avoided([OBOR, RURAL], text) == [(("OBOR", (6, 7)),), ()]
    assert found([OBOR, RURAL], text) == [None, "rural revitalization"]


def test_the_longest_wrong_form_is_the_one_reported():
    assert avoided([OBOR], "They said OBOR strategy then") == [(("OBOR strategy", (2, 4)),)]


def test_a_wrong_form_inside_an_accepted_rendering_is_not_wrong():
    # "Road Initiative" ends where the accepted "Belt and Road Initiative" ends
    assert avoided([OBOR], "the Belt and Road Initiative") == [()]
    assert found([OBOR], "the Belt and Road Initiative") == ["Belt and Road Initiative"]
    # an accepted rendering elsewhere in the segment covers nothing else
    assert avoided([OBOR], "the Belt and Road Initiative, not OBOR") == [(("OBOR", (6, 7)),)]


def test_surplus_wrong_forms_go_to_the_last_occurrence():
    one = avoided([OBOR], "OBOR and One Belt One Road")
    assert one == [(("OBOR", (0, 1)), ("One Belt One Road", (2, 6)))]
    two = avoided([OBOR, OBOR], "OBOR, OBOR strategy and One Belt One Road")
    assert two == [(("OBOR", (0, 1)),), (("OBOR strategy", (1, 3)), ("One Belt One Road", (4, 8)))]


def test_tokens_claimed_by_one_term_stay_claimed_after_another_claims_earlier_ones():
    text = "rural revitalization and the Communist Party of China"
    assert found([PARTY, RURAL, CPC], text) == [None, "rural revitalization", "the Communist Party of China"]
    assert avoided([OBOR], "x y One Belt One Road and OBOR") == [
        (("One Belt One Road", (2, 6)), ("OBOR", (7, 8)))]


def test_of_two_renderings_of_equal_length_the_earlier_in_the_text_wins():
    assert found([RURAL], "rural vitalization first, rural revitalization later") == ["rural vitalization"]


def test_of_two_renderings_at_one_place_the_longer_is_the_one_found():
    short_first = Term("一带一路", "Belt and Road", ("Belt and Road Initiative",))
    assert found([short_first], "the Belt and Road Initiative grows") == ["Belt and Road Initiative"]
