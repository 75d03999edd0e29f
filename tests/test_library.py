"""The README's library example runs as printed (with the tiny test model in place of the hub id)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Library", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_library_example(tiny_model_dir, cache_dir, tmp_path, monkeypatch):
    code = readme_example()
    assert '"Helsinki-NLP/opus-mt-zh-en"' in code
    code = code.replace('"Helsinki-NLP/opus-mt-zh-en"', repr(str(tiny_model_dir)))
    code = code.replace('"examples/', repr(str(ROOT / "examples")) + ' + "/')
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    # The comments in the README show what the first two lines print.
    assert printed[0] == "[('四个意识', True)]"
    assert printed[1] == "[((0,), (0,)), ((1,), (1,))]"
    assert len(eval(printed[2])) == 1
    written = sorted(Path(p).name for p in eval(printed[3].replace("PosixPath", "")))
    assert written == ["community-page.en.txt", "community-page.html", "community-page.tmx"]
    assert (tmp_path / "outputs" / "community-page.tmx").stat().st_size > 0


def test_public_names_resolve():
    import bitext.align
    import bitext.glossary
    import bitext.translate

    for package in (bitext.translate, bitext.align, bitext.glossary):
        for name in package.__all__:
            assert getattr(package, name) is not None, f"{package.__name__}.{name}"
