"""Translation memories OmegaT itself wrote are reused for exact matches (needs the omegat package)."""

from __future__ import annotations

import pytest

from omegat_project import OmegaTProject, require_omegat
from bitext.translate.tm import load_tm, tm_lookup

SENTENCES = {
    "中国经济稳中向好。": "China's economy is stable and improving.",
    "全面推进乡村振兴！": "We will fully advance rural revitalization!",
    "坚持以人民为中心的发展思想？": "Do we stay committed to a people-centered philosophy of development?",
}

SEED_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US"
        srclang="zh-CN" datatype="plaintext"/>
<body>
{tus}
</body>
</tmx>
"""


@pytest.mark.omegat
@pytest.mark.slow
def test_tmx_exported_by_omegat_is_reused(tmp_path):
    require_omegat()
    tus = "\n".join(f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
                    for zh, en in SENTENCES.items())
    seed = tmp_path / "seed.tmx"
    seed.write_text(SEED_TMX.format(tus=tus), encoding="utf-8")
    project = OmegaTProject.create(tmp_path, "".join(SENTENCES) + "\n", seed)
    result = project.translate()
    assert result.matched == len(SENTENCES), result.log[-2000:]
    exports = sorted(project.root.glob("*.tmx"))  # project-omegat.tmx (TMX 1.1, lang=), -level1, -level2
    assert len(exports) >= 2, [p.name for p in project.root.iterdir()]
    for export in exports:
        tm = load_tm([export])
        assert len(tm) == len(SENTENCES), export.name
        for zh, en in SENTENCES.items():
            hit = tm_lookup(tm, zh)
            assert (hit.kind, hit.target) == ("exact", en), export.name
