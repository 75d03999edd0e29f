"""Enforcement: every source term occurrence is realised in the output or flagged (zero silent
violations), and no placeholder ever leaks — whatever the translate function does."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.core.flags import FLAG_TERM_MISSING, FLAG_TERM_WRONG_RENDERING
from bitext.glossary.enforce import STRATEGIES, enforce
from bitext.core.terms import Term
from bitext.glossary.realised import rendering_keys, words
from bitext.glossary.store import Glossary

TERMS = [
    Term("四个意识", "maintain political integrity, think in big-picture terms, follow the leadership core, and keep "
                   "in alignment", ("the Four Consciousnesses",)),
    Term("中国特色社会主义", "socialism with Chinese characteristics"),
    Term("习近平新时代中国特色社会主义思想", "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era",
         ("Xi Jinping Thought",)),
    Term("乡村振兴", "rural revitalization", ("rural vitalization",), avoid=("village revival",)),
    Term("放管服", "streamline administration, delegate power, improve regulation and upgrade services",
         avoid=("release management service",)),
    Term("党支部", "Party branch"),
    Term("党", "the Party"),
    Term("中国共产党", "the Communist Party of China", ("the CPC",)),
    Term("营商环境", "business environment"),
]
GLOSSARY = Glossary(TERMS)
FILLER = ["我们", "推进", "加强", "的", "和", "工作", "。", "，", "基层", "群众", "发展", "2021年", "“", "”"]
ODD = ["T1", "__", "t 2", "abc", "_", "T12"]  # marker-like text in the source disables placeholders there

# Independent of glossary.placeholders: anything shaped like a marker or a remnant of one.
LEAK = re.compile(r"_|(?<![A-Za-z0-9])T ?\d+", re.IGNORECASE)
MARKER = re.compile(r"__T\d+__")


# ---------------------------------------------------------------- adversarial translate functions

def _garble_one(m: re.Match, rng: random.Random) -> str:
    marker = m.group(0)
    n = marker.strip("_T")
    return rng.choice([
        marker, marker * 2, f"{marker} {marker}", marker.lower(), f"__ T {n} __", f"_ _ T{n} _ _", f"T{n}",
        f"t {n}", f"__T{n}", f"T{n}__", f"_T_{n}_", "__T__", "", f"__T{int(n) + 7}__", f"x{marker}y",
        f"__T{n[:1]}__ {n[1:]}", f"Party{marker}", f"{marker}{marker}", "T", "_", f"__t{n}__.",
    ])


def garble(texts, rng):
    return [MARKER.sub(lambda m: _garble_one(m, rng), t) for t in texts]


def drop(texts, rng):
    out = []
    for t in texts:
        if t:
            a = rng.randrange(len(t))
            t = t[:a] + t[a + rng.randrange(len(t) - a + 1):]
        out.append(t)
    return out


def translate_some(texts, rng):
    """Replace Chinese terms by their renderings, truncated renderings or nothing; drop other Chinese."""
    out = []
    for t in texts:
        for term in sorted(TERMS, key=lambda x: -len(x.zh)):
            r = rng.choice(term.renderings + term.avoid + (term.en.split(",")[0], "", term.en.upper()))
            t = t.replace(term.zh, f" {r} ", rng.randint(0, 3) or 99)
        out.append(re.sub(r"[\u4e00-\u9fff]+", " ", t) if rng.random() < 0.5 else t)
    return out


ADVERSARIES = {
    "echo": lambda texts, rng: list(texts),
    "empty": lambda texts, rng: ["" for _ in texts],
    "garble": garble,
    "drop": drop,
    "duplicate": lambda texts, rng: [f"{t} {t}" for t in texts],
    "translate_some": translate_some,
    "shuffle": lambda texts, rng: texts[1:] + texts[:1],
    "garbage": lambda texts, rng: ["".join(rng.choice("aT_1 2x.") for _ in range(rng.randrange(30)))
                                   for _ in texts],
}


def mixed(texts, rng):
    return [ADVERSARIES[rng.choice(sorted(ADVERSARIES))]([t], rng)[0] for t in texts]


ADVERSARIES["mixed"] = mixed


# ---------------------------------------------------------------- the invariant

def assert_guarantee(sources, results, glossary=GLOSSARY, mode="enforce"):
    assert len(results) == len(sources)
    for source, result in zip(sources, results):
        hits = glossary.find(source)
        if mode == "off":
            assert result.checks == [] and result.flags == []
            continue
        # one check per source occurrence, same occurrence
        assert [(c.hit.term.zh, c.hit.start, c.hit.end) for c in result.checks] == [
            (h.term.zh, h.start, h.end) for h in hits]
        output = words(result.text)
        for check in result.checks:
            if check.realised:
                assert check.how != "flagged" and check.rendering in check.hit.term.renderings
                assert _matches(result.text, rendering_keys(check.rendering)), (check, result.text)
            else:
                assert check.how == "flagged" and check.rendering is None
        # consumption: no more realised occurrences of a term than its renderings occur in the text
        claimed = Counter(c.hit.term.zh for c in result.checks if c.realised)
        for zh, n in claimed.items():
            term = glossary.lookup(zh)
            found = [m for r in term.renderings for m in _matches(result.text, rendering_keys(r))]
            assert n <= _disjoint(found), (zh, result.text)
        missing = any(not c.realised for c in result.checks)
        assert (FLAG_TERM_MISSING in result.flags) == missing
        # wrong renderings: none survives enforcement, and each one left (in "check") is flagged
        wrong = {form for h in hits for form in h.term.avoid if _count(output, rendering_keys(form))}
        if mode == "enforce":
            assert not wrong, (source, result.text)
        assert (FLAG_TERM_WRONG_RENDERING in result.flags) == bool(wrong), (source, result.text)
        assert {c.avoided for c in result.checks if c.avoided} == wrong
        # no placeholder leaks from the round that used them (other rounds never saw a marker; what a
        # model invents there is its own text), unless the source itself carried marker-like text
        if result.strategy == "placeholder" and not LEAK.search(source):
            assert not LEAK.search(result.text), (source, result.text)


_CLAUSE_END = re.compile(r"[.;:!?\n\u3002\uff1b\uff1a\uff01\uff1f]")
_NOT_INSERTED = {"and", "or", "nor", "but", "not", "no", "never"}


def _matches(text, keys):
    """Word-index sets where ``keys`` occur in ``text`` as the checks accept them, written out plainly:
    word for word anywhere, or with one inserted word (not a conjunction or negation) inside one clause."""
    if not keys:
        return []
    whole = words(text)
    n = len(keys)
    found = [set(range(i, i + n)) for i in range(len(whole) - n + 1) if tuple(whole[i:i + n]) == keys]
    offset = 0
    for clause in _CLAUSE_END.split(text):
        w = words(clause)
        for i in range(len(w) - n):
            for gap in range(1, n):
                if w[i + gap] not in _NOT_INSERTED and tuple(w[i:i + gap] + w[i + gap + 1:i + n + 1]) == keys:
                    found.append({offset + i + k for k in range(n + 1) if k != gap})
        offset += len(w)
    return found


def _disjoint(matches):
    """How many of the matches can be taken without sharing a word (greedy by last word)."""
    used, count = set(), 0
    for m in sorted(matches, key=max):
        if not used & m:
            used |= m
            count += 1
    return count


def _count(haystack, keys):
    count, i = 0, 0
    while keys and i <= len(haystack) - len(keys):
        if tuple(haystack[i:i + len(keys)]) == keys:
            count, i = count + 1, i + len(keys)
        else:
            i += 1
    return count


segment = st.lists(st.sampled_from([t.zh for t in TERMS] + FILLER * 2 + ODD), max_size=14).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources=st.lists(segment, min_size=1, max_size=6), adversary=st.sampled_from(sorted(ADVERSARIES)),
       seed=st.integers(0, 2**32 - 1),
       strategies=st.lists(st.sampled_from(STRATEGIES), min_size=1, max_size=3, unique=True),
       mode=st.sampled_from(["enforce", "enforce", "enforce", "check", "off"]))
def test_zero_silent_violations_against_adversaries(sources, adversary, seed, strategies, mode):
    rng = random.Random(seed)
    calls = []

    def translate(texts):
        calls.append(list(texts))
        return ADVERSARIES[adversary](list(texts), rng)

    results = enforce(sources, translate, GLOSSARY, mode, strategies=strategies)
    assert_guarantee(sources, results, mode=mode)
    # batched: at most one call per strategy round plus the plain fallback, never one per term
    assert len(calls) <= (len(strategies) + 1 if mode == "enforce" else 1)
    assert sum(len(c) for c in calls[:1]) <= len(sources)


def test_a_check_keeps_the_words_that_realised_the_term_as_written():
    glossary = Glossary([Term("乡村振兴", "rural revitalization"), Term("防灾减灾", "prevent and mitigate disasters")])
    (result,) = enforce(["推进乡村振兴，做好防灾减灾。"],
                        lambda texts: ["Rural revitalisation goes on; we prevent and mitigate natural disasters."],
                        glossary, "check")
    assert [(c.rendering, c.found) for c in result.checks] == [
        ("rural revitalization", "Rural revitalisation"),
        ("prevent and mitigate disasters", "prevent and mitigate natural disasters")]
    (result,) = enforce(["推进乡村振兴。"], lambda texts: ["Nothing here."], glossary, "check")
    assert result.checks[0].found is None


def test_faithful_model_needs_one_call_and_keeps_its_text():
    sources = ["我们推进乡村振兴。", "没有术语。"]
    calls = []

    def translate(texts):
        calls.append(texts)
        return ["We advance rural revitalization.", "No terms."][: len(texts)]

    results = enforce(sources, translate, GLOSSARY)
    assert len(calls) == 1
    assert [r.text for r in results] == ["We advance rural revitalization.", "No terms."]
    assert [c.how for c in results[0].checks] == ["model"] and results[0].flags == []


def test_placeholder_round_restores_renderings():
    sources = ["增强四个意识，推进放管服。"]
    seen = []

    def translate(texts):
        seen.append(texts[0])
        if "__T1__" in texts[0]:
            return ["Strengthen __ t1 __, and push __T2____T2__."]
        return ["Strengthen awareness and push reform."]

    (result,) = enforce(sources, translate, GLOSSARY)
    assert seen[1] == "增强 __T1__ ，推进 __T2__ 。"
    assert result.text == f"Strengthen {TERMS[0].en}, and push {TERMS[4].en}."
    assert [c.how for c in result.checks] == ["placeholder", "placeholder"] and result.flags == []


def test_inline_round_and_flagging_what_is_left():
    sources = ["推进乡村振兴和营商环境。"]

    def translate(texts):
        # the model copies inline English but mangles one term, never copies placeholders
        return [re.sub(r"__T\d+__", "", t).replace("business environment", "business climate")
                .replace("推进", "Advance ").replace("和", " and ") for t in texts]

    (result,) = enforce(sources, translate, GLOSSARY)
    assert result.strategy == "inline"
    assert [(c.hit.term.zh, c.realised, c.how) for c in result.checks] == [
        ("乡村振兴", True, "inline"), ("营商环境", False, "flagged")]
    assert result.flags == [FLAG_TERM_MISSING]
    assert [c.hit.term.zh for c in result.missing] == ["营商环境"]


def test_inline_puts_each_rendering_in_place_of_its_term():
    seen = []
    enforce(["要推进乡村振兴，优化营商环境。"], lambda texts: seen.extend(texts) or list(texts), GLOSSARY,
            strategies=("inline",))
    assert seen == ["要推进 rural revitalization ，优化 business environment 。"]


def test_copied_chinese_term_is_repaired():
    (result,) = enforce(["推进乡村振兴。"], lambda texts: ["We advance 乡村振兴." for _ in texts], GLOSSARY,
                        strategies=("model",))
    assert result.text == "We advance rural revitalization."
    assert [c.how for c in result.checks] == ["repaired"]
    # only the copied term counts as repaired; the one the model rendered is the model's
    (both,) = enforce(["推进乡村振兴和营商环境。"], lambda t: ["We advance 乡村振兴 and the business environment."
                                                      for _ in t], GLOSSARY, strategies=("model",))
    assert both.text == "We advance rural revitalization and the business environment."
    assert [(c.hit.term.zh, c.how) for c in both.checks] == [("乡村振兴", "repaired"), ("营商环境", "model")]
    assert both.missing == [] and both.flags == []
    # two occurrences copied: each is repaired, one copy each
    (twice,) = enforce(["乡村振兴，乡村振兴。"], lambda t: ["乡村振兴 and 乡村振兴." for _ in t], GLOSSARY,
                       strategies=("model",))
    assert twice.text == "rural revitalization and rural revitalization."
    assert [c.how for c in twice.checks] == ["repaired", "repaired"]
    # nothing copied, nothing repaired: the model's text is left as it is, spacing included
    (flagged,) = enforce(["推进乡村振兴。"], lambda t: ["We push  rural revival ." for _ in t], GLOSSARY,
                         strategies=("model",))
    assert flagged.text == "We push  rural revival ." and [c.how for c in flagged.checks] == ["flagged"]


def test_check_mode_only_flags():
    calls = []

    def translate(texts):
        calls.append(texts)
        return ["We push rural revival." for _ in texts]

    (result,) = enforce(["推进乡村振兴。"], translate, GLOSSARY, "check")
    assert calls == [["推进乡村振兴。"]]
    assert result.text == "We push rural revival." and result.flags == [FLAG_TERM_MISSING]
    assert [c.how for c in result.checks] == ["flagged"]


BELT_AND_ROAD = Term("一带一路", "Belt and Road", ("Belt and Road Initiative",),
                     avoid=("One Belt One Road", "OBOR", "Belt and Road Strategy"))


@pytest.mark.parametrize("english, fixed", [
    ("We join the One Belt One Road project.", "We join the Belt and Road project."),
    ("We join OBOR.", "We join Belt and Road."),
    # The avoided form contains the preferred one: its words realise nothing, and all of it is replaced.
    ("We join the Belt and Road Strategy.", "We join the Belt and Road."),
])
def test_wrong_rendering_is_flagged_in_check_mode_and_replaced_in_enforce(english, fixed):
    glossary = Glossary([BELT_AND_ROAD])
    (checked,) = enforce(["参与一带一路。"], lambda texts: [english for _ in texts], glossary, "check")
    assert checked.text == english and FLAG_TERM_WRONG_RENDERING in checked.flags
    (check,) = checked.checks
    assert check.avoided in BELT_AND_ROAD.avoid and not check.realised and check.how == "flagged"
    (enforced,) = enforce(["参与一带一路。"], lambda texts: [english for _ in texts], glossary, strategies=("model",))
    assert enforced.text == fixed and enforced.flags == []
    assert [(c.realised, c.rendering, c.how, c.avoided) for c in enforced.checks] == [
        (True, "Belt and Road", "repaired", None)]


def test_wrong_rendering_beside_a_right_one_is_still_replaced():
    glossary = Glossary([Term("依法治国", "law-based governance", ("rule of law",), avoid=("rule by law",))])
    (checked,) = enforce(["依法治国。"], lambda t: ["The rule of law, not rule by law." for _ in t], glossary, "check")
    assert checked.flags == [FLAG_TERM_WRONG_RENDERING] and checked.checks[0].realised
    (enforced,) = enforce(["依法治国。"], lambda t: ["The rule of law, not rule by law." for _ in t], glossary)
    assert enforced.text == "The rule of law, not law-based governance." and enforced.flags == []


def test_an_accepted_rendering_containing_an_avoided_one_is_not_wrong():
    glossary = Glossary([Term("一带一路", "Belt and Road Initiative", avoid=("Belt and Road",))])
    (result,) = enforce(["一带一路"], lambda t: ["the Belt and Road Initiative" for _ in t], glossary, "check")
    assert result.flags == [] and result.checks[0].avoided is None


def test_bad_arguments():
    with pytest.raises(ValueError, match="glossary mode"):
        enforce(["党"], lambda t: t, GLOSSARY, "force")
    with pytest.raises(ValueError, match="strategy"):
        enforce(["党"], lambda t: t, GLOSSARY, strategies=("magic",))
    with pytest.raises(RuntimeError, match="returned 0 strings for 1"):
        enforce(["党"], lambda t: [], GLOSSARY)


# ---------------------------------------------------------------- real (tiny) models

def _hf_translate(model_dir, max_new_tokens=24):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()

    def translate(texts):
        batch = tok(texts, return_tensors="pt", padding=True, truncation=True)
        with torch.inference_mode():
            out = model.generate(**batch, num_beams=1, do_sample=False, max_new_tokens=max_new_tokens,
                                 max_length=None)
        return [t.strip() for t in tok.batch_decode(out, skip_special_tokens=True)]

    return translate


@pytest.mark.slow
def test_zero_silent_violations_on_random_model(tiny_model_dir):
    translate = _hf_translate(tiny_model_dir, max_new_tokens=16)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sources=st.lists(segment.filter(bool), min_size=1, max_size=5),
           strategies=st.permutations(STRATEGIES))
    def run(sources, strategies):
        assert_guarantee(sources, enforce(sources, translate, GLOSSARY, strategies=tuple(strategies)))

    run()


@pytest.mark.slow
def test_through_transformers_backend(tiny_model_dir):
    import bitext.translate.backends.transformers_backend as backends
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.backends.model_source import resolve_model

    backend = backends.TransformersBackend(resolve_model(str(tiny_model_dir)),
                                           GenerationOptions(beams=1, max_new_tokens=24), device="cpu")
    sources = ["我们推进乡村振兴。", "坚持习近平新时代中国特色社会主义思想，增强四个意识。", "没有术语。"]
    assert_guarantee(sources, enforce(sources, backend.translate, GLOSSARY))


@pytest.mark.slow
def test_strategies_on_trained_model(trained_model_dir):
    """On in-domain sentences the trained tiny model produces the glossary renderings itself; the
    default order (model first) never realises fewer terms than any single strategy."""
    from tiny_model import OBJECTS, SUBJECTS, VERBS

    glossary = Glossary([Term("乡村振兴", "rural revitalization"), Term("营商环境", "business environment"),
                         Term("党建工作", "Party building"), Term("经济发展", "economic development"),
                         Term("党员干部", "Party members and officials")])
    sources = [f"{s}{v}{o}。" for (s, _), (v, _), (o, _) in zip(SUBJECTS * 4, VERBS * 8, OBJECTS * 4)]
    sources = [s for s in sources if glossary.find(s)][:16]
    translate = _hf_translate(trained_model_dir)
    realised = {}
    for strategies in [("placeholder",), ("inline",), ("model",), ("model", "placeholder", "inline")]:
        results = enforce(sources, translate, glossary, strategies=strategies)
        assert_guarantee(sources, results, glossary)
        realised[strategies] = sum(c.realised for r in results for c in r.checks)
    total = sum(len(glossary.find(s)) for s in sources)
    assert realised[("model", "placeholder", "inline")] >= max(realised.values())
    assert realised[("model",)] >= total * 0.8


def test_a_term_copied_as_the_source_prints_it_is_repaired():
    glossary = Glossary([Term("放管服改革", "reforms to streamline administration")])
    (result,) = enforce(["深化“放管服”改革。"], lambda t: ["We deepen “放管服”改革." for _ in t], glossary,
                        strategies=("model",))
    assert result.text == "We deepen reforms to streamline administration."
    assert [c.how for c in result.checks] == ["repaired"]
