"""English word normalisation shared by the dictionary and the MT-overlap scores.

Words are lower-cased and cut to their first five letters, a crude but robust stemmer for matching
(friend/friends/friendship, govern/government); a few very common irregular forms are mapped first.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
STEM_LEN = 5

STOPWORDS = frozenset(
    """a an the of to in on at by for with from as and or but if so than then that this these those
    is are was were be been being am do does did done have has had having it its s t not no nor
    up out into onto over under about also just very too can could will would shall should may might
    must one ones some any all each every such own same other another something someone thing things
    etc sb sth oneself""".split()
)

IRREGULAR = {
    "said": "say", "says": "say", "went": "go", "gone": "go", "goes": "go", "came": "come",
    "saw": "see", "seen": "see", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "got": "get", "gotten": "get", "made": "make", "knew": "know", "known": "know", "thought": "think",
    "told": "tell", "found": "find", "left": "leave", "felt": "feel", "brought": "bring",
    "bought": "buy", "ate": "eat", "eaten": "eat", "ran": "run", "sat": "sit", "stood": "stand",
    "heard": "hear", "held": "hold", "kept": "keep", "began": "begin", "begun": "begin",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "fell": "fall",
    "fallen": "fall", "lay": "lie", "slept": "sleep", "met": "meet", "paid": "pay", "sent": "send",
    "lost": "lose", "won": "win", "drank": "drink", "drunk": "drink", "wore": "wear", "hit": "hit",
    "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad", "died": "die", "dead": "die",
    "i": "i", "me": "i", "my": "i", "mine": "i", "we": "we", "us": "we", "our": "we",
    "he": "he", "him": "he", "his": "he", "she": "she", "her": "she", "hers": "she",
    "they": "they", "them": "they", "their": "they", "you": "you", "your": "you",
}


def stem(word: str) -> str:
    w = word.lower()
    if "'" in w:
        w = w.split("'", 1)[0]
    w = IRREGULAR.get(w, w)
    return w[:STEM_LEN]


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that are not function words, in order."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0).lower().split("'", 1)[0]
        if w in STOPWORDS or len(w) < 2 and w not in ("i",):
            continue
        out.append(stem(w))
    return out
