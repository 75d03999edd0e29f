"""Decide what kind of block a line of a newspaper page is: heading, caption, byline, furniture or body."""

from __future__ import annotations

import re

from bitext.core.document import BlockKind

SENTENCE_FINAL = "。！？；…!?;：:"
CLOSERS = "”’」』）)》〉】\"'"
CLAUSE_PUNCT = "，,、。！？；;：:"

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FURNITURE = [
    re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(星期|周)[一二三四五六日天]?\s*$"),
    re.compile(r"^(星期|周)[一二三四五六日天]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"),
    re.compile(r"^(本版)?(责编|美编|责任编辑|版式设计|图片编辑|校对|制图|编辑)[：:\s]"),
    re.compile(r"^本版(责编|美编)"),
    re.compile(r"^第\s*[0-9一二三四五六七八九十]+\s*版(\s|$)"),
    re.compile(r"^[-—－\s]*\d+[-—－\s]*$"),  # bare page numbers
]
_CAPTION = [
    re.compile(r"^[▲△▼▽◆◇■□●]"),
    re.compile(r"^图为"),
    re.compile(r"^(上|下|左|右|中)?图[0-9一二三四五六七八九十]*[：:为]"),
    re.compile(r"[（(][^（()）]{0,30}(摄|供图|图片)[）)]\s*$"),
]
_TITLES = "书记|副书记|主任|部长|局长|厅长|市长|县长|区长|省长|镇长|主席|院长|校长|教授|研究员|委员|理事长|总经理|董事长"
_BYLINE = [
    re.compile(r"^(本报记者|本报通讯员|本报特约记者|本报评论员|新华社记者|人民日报记者|记者|通讯员)[\s：:]*[\u4e00-\u9fff·、\s]{2,40}$"),
    re.compile(rf"^[^。！？，,；;]{{2,40}}({_TITLES})\s+[\u4e00-\u9fff·]{{2,5}}$"),
    re.compile(r"^(文|文/图|图/文|撰文)[／/：:\s]"),
]
HEADING_MAX_CHARS = 32


def line_content(raw: str) -> tuple[int, str, int]:
    """What the reader takes from one line of a file: (offset in ``raw``, text, Markdown heading level).

    Ideographic spaces (U+3000, the Chinese indent) count as blanks, so they are trimmed at the ends and
    read as a space inside; a Markdown heading's ``#`` marks are not text. The text has the length of
    the slice of ``raw`` it starts at, so offsets into it are offsets into the line.
    """
    line = raw.replace("\u3000", " ")
    start = len(line) - len(line.lstrip())
    text = line.strip()
    m = _MD_HEADING.match(text)
    if m:
        return start + m.start(2), m.group(2), len(m.group(1))
    return start, text, 0


def is_finished(text: str) -> bool:
    """True when the text ends a sentence; False for a paragraph cut off by a column or page break."""
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
        if t and t[-1] in SENTENCE_FINAL:
            return True
        if text.rstrip()[-1] in "）)》〉】":  # a closing bracket can end a sentence-final parenthetical
            return True
    return bool(t) and t[-1] in SENTENCE_FINAL


def classify_line(text: str) -> BlockKind:
    """Kind of a plain (non-Markdown-heading) line, judged on the line alone."""
    if any(p.search(text) for p in _FURNITURE):
        return BlockKind.FURNITURE
    if any(p.search(text) for p in _CAPTION):
        return BlockKind.CAPTION
    if any(p.search(text) for p in _BYLINE):
        return BlockKind.BYLINE
    if looks_like_heading(text):
        return BlockKind.HEADING
    return BlockKind.BODY


def looks_like_heading(text: str) -> bool:
    return (len(text) <= HEADING_MAX_CHARS and not any(c in CLAUSE_PUNCT for c in text)
            and not is_finished(text))
