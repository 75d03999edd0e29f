"""A newspaper-like page for the CAT-tool round trip, as Markdown and as plain text, with its English.

Written for these tests: a date line and editor credits (furniture, with an ideographic space inside),
headings, a byline, an indented paragraph, a paragraph cut by a column break with a photo caption
printed between its halves, a second one cut by a line break inside a sentence, a quotation that
OmegaT's rules keep in one segment, and a page number.
"""

from __future__ import annotations

import re

PAGE_MD = """2024年3月18日 星期一

本版责编：赵明远\u3000本版美编：孙晓

# 山区小县打通农村供水“最后一公里”

## 清水入户 惠及万家

本报记者 刘志刚

\u3000\u3000今年以来，青山县把农村供水保障作为民生实事来抓，累计投入资金2.3亿元，新建和改造供水工程48处。群众喝上了放心水。

县水利局负责人介绍，过去山区群众用水主要靠山泉和水窖，一到旱季就要到几公里外挑水。如今，自来水管道已经铺到了

▲青山县石门村村民在家中使用自来水。（本报记者 刘志刚摄）

海拔一千多米的高山村寨，全县农村自来水普及率达到98.5%。

### 建管并重 长效运行

“水通了，还要管得好。”县水利局局长王建华说。县里组建了专业化管护队伍，建立了水质检测、
故障报修和水费收缴等制度，确保工程长期发挥效益。

村民李大妈高兴地说：“以前挑水要走一个钟头，现在拧开龙头就有水！”她家的日子越过越红火。

第4版
"""

# The same page as a plain-text file: headings are short lines without Markdown marks.
PAGE_TXT = re.sub(r"(?m)^#+ ", "", PAGE_MD)

# The English a model would give each sentence bitext sends it (OmegaT sentence rules).
ENGLISH = {
    "2024年3月18日 星期一": "Monday, March 18, 2024",
    "本版责编：赵明远 本版美编：孙晓": "Page editor: Zhao Mingyuan; art editor: Sun Xiao",
    "山区小县打通农村供水“最后一公里”": 'A small mountain county completes the "last mile" of rural water supply',
    "清水入户 惠及万家": "Clean water reaches every home",
    "本报记者 刘志刚": "By our reporter Liu Zhigang",
    "今年以来，青山县把农村供水保障作为民生实事来抓，累计投入资金2.3亿元，新建和改造供水工程48处。":
        "Since the start of the year, Qingshan County has treated rural water supply as a practical matter "
        "for the people, investing a total of 230 million yuan to build or upgrade 48 water supply projects.",
    "群众喝上了放心水。": "Residents now drink water they can trust.",
    "县水利局负责人介绍，过去山区群众用水主要靠山泉和水窖，一到旱季就要到几公里外挑水。":
        "According to the head of the county water resources bureau, mountain residents used to rely on springs "
        "and cisterns, and in the dry season they had to carry water from several kilometers away.",
    "如今，自来水管道已经铺到了海拔一千多米的高山村寨，全县农村自来水普及率达到98.5%。":
        "Today, tap water pipes have reached mountain villages more than 1,000 meters above sea level, "
        "and rural tap water coverage in the county has reached 98.5%.",
    "▲青山县石门村村民在家中使用自来水。": "▲ Villagers of Shimen Village, Qingshan County, use tap water at home.",
    "（本报记者 刘志刚摄）": "(Photo by our reporter Liu Zhigang)",
    "建管并重 长效运行": "Building and managing alike, for the long run",
    "“水通了，还要管得好。”县水利局局长王建华说。":
        '"Once the water flows, it must also be well managed," said Wang Jianhua, director of the county '
        "water resources bureau.",
    "县里组建了专业化管护队伍，建立了水质检测、故障报修和水费收缴等制度，确保工程长期发挥效益。":
        "The county set up a professional maintenance team and established systems for water quality testing, "
        "fault reporting and water fee collection to ensure that the projects deliver benefits over the long term.",
    "村民李大妈高兴地说：“以前挑水要走一个钟头，现在拧开龙头就有水！”她家的日子越过越红火。":
        'Villager Aunt Li said happily: "It used to take an hour to carry water; now I just turn on the tap!" '
        "Life in her family keeps getting better.",
    "第4版": "Page 4",
}

# A user glossary for the page: one term the English realises, with the publication that fixes it.
GLOSSARY_TSV = "zh\ten\tvariants\tcategory\tnote\tsource\n民生实事\tpractical matter for the people\t\tpolicy\t\tTest style sheet 2024\n"


class TableTranslator:
    """Translates by looking each text up in ENGLISH; a text it does not know fails the test."""

    def translate(self, texts: list[str]) -> list[str]:
        missing = [t for t in texts if t not in ENGLISH]
        assert not missing, f"no English for {missing}"
        return [ENGLISH[t] for t in texts]

    def is_chunked(self, text: str) -> bool:
        return False


class TableBackend(TableTranslator):
    """The same table as a model backend, for whole runs (translate_files) with the cache and engine."""

    name = "table"
    identity = "table@1"
    max_input_tokens = 1000

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t) + 1 for t in texts]
