"""One import name, and imports that go one way (issue 11).

Every module's imports are read with ``ast`` (function-local ones too, where lazy imports hide loops):
no module imports the old top-level names, no two modules or layers import each other, and each layer
imports only the layers below it:

    core  <  glossary, align, writers  <  translate  <  cli  (<  the package root)
"""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Folder → import name, as pyproject.toml's package-dir maps them.
FOLDERS = {"bitext": "bitext", "translate": "bitext.translate", "align": "bitext.align", "glossary": "bitext.glossary"}
ALLOWED = {
    "core": set(),
    "glossary": {"core"},
    "align": {"core"},
    "writers": {"core"},
    "translate": {"core", "glossary", "align", "writers"},
    "cli": {"core", "glossary", "align", "writers", "translate"},
    "": {"core", "cli"},  # bitext/__init__.py and __main__.py
}


def modules() -> dict[str, Path]:
    found = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join([package, *parts])
            if folder == "bitext" and parts and parts[0] in ("translate", "align", "glossary"):
                raise AssertionError(f"{path}: bitext/{parts[0]} would shadow the {folder} folder")
            found[name] = path
    return found


def imports_of(path: Path, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Absolute names of every module imported anywhere in the file, with the line."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.append((base, node.lineno))
            # `from bitext.glossary import formats` imports the submodule bitext.glossary.formats.
            out += [(f"{base}.{a.name}", node.lineno) for a in node.names]
    return out


def graph() -> tuple[dict[str, set[str]], list[str]]:
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    old = []
    for name, path in mods.items():
        for target, line in imports_of(path, name, path.name == "__init__.py"):
            top = target.split(".")[0]
            if top in ("translate", "align", "glossary"):
                old.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
            if target in mods and target != name:
                edges[name].add(target)
    return edges, old


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else ""


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_the_old_top_level_names():
    _, old = graph()
    assert old == []


def test_no_import_cycle_between_modules():
    edges, _ = graph()
    # A package's __init__ is imported with any of its modules; an __init__ that imports its own
    # modules is that package's façade, not a loop.
    own = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    assert cycles(own) == []


def test_no_import_cycle_between_layers_and_each_goes_down():
    edges, _ = graph()
    against = []
    for source, targets in edges.items():
        for target in targets:
            a, b = layer(source), layer(target)
            if a != b and b not in ALLOWED[a]:
                against.append(f"{source} -> {target}")
    assert against == []
    layers = {a: {layer(t) for s, ts in edges.items() if layer(s) == a for t in ts} - {a} for a in ALLOWED}
    assert cycles(layers) == []


def test_the_checker_sees_function_local_imports_and_cycles(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from bitext.translate.cache import SegmentCache\n    import align.dp\n", encoding="utf-8")
    assert imports_of(f, "bitext.align.m", False) == [
        ("bitext.translate.cache", 2), ("bitext.translate.cache.SegmentCache", 2), ("align.dp", 3)]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer("bitext.align.score.cost") == "align" and "translate" not in ALLOWED["align"]


def test_pyproject_lists_every_package():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {m for m, p in modules().items() if p.name == "__init__.py"}
    assert listed == packages


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_name(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("bitext-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"bitext"}
    top_level = [n for n in names if n.endswith("top_level.txt")]
    if top_level:
        assert zipfile.ZipFile(wheel).read(top_level[0]).decode().split() == ["bitext"]
    # The data a run needs travels in the wheel.
    for needed in ("bitext/glossary/data/terms.tsv", "bitext/writers/templates/page.html.j2",
                   "bitext/translate/engine.py", "bitext/align/aligner.py", "bitext/core/errors.py"):
        assert needed in names


def test_translate_toolkit_and_bitext_in_one_environment(tmp_path):
    """translate-toolkit (a test dependency) owns `translate`; bitext's TMX is read by it."""
    code = """
import sys
from translate.storage.tmx import tmxfile
from bitext.core.aligned import AlignedDocument, AlignedParagraph, Bead, Sentence
from bitext.writers import write_outputs
import bitext.translate
p = AlignedParagraph(index=0, kind="body", source="党员干部深入基层。", target="Officials go to the grassroots.",
                     src_sentences=[Sentence("党员干部深入基层。", 0, 9)],
                     tgt_sentences=[Sentence("Officials go to the grassroots.", 0, 31)], beads=[Bead((0,), (0,))])
(path,) = write_outputs(AlignedDocument("doc", [p]), sys.argv[1], ["tmx"]).files
units = [(u.source, u.target) for u in tmxfile(path.read_bytes()).units]
import translate
print(units, translate.__file__, bitext.translate.__file__)
"""
    # Run outside the checkout: the repository root on sys.path would put its folders first.
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    units, toolkit, ours = out.stdout.rsplit(" ", 2)
    assert units == "[('党员干部深入基层。', 'Officials go to the grassroots.')]"
    assert "site-packages" in toolkit and Path(toolkit).parent.name == "translate"
    assert Path(ours.strip()).resolve() != Path(toolkit).resolve()
