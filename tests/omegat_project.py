"""A throw-away OmegaT 3.6 project, run headless in console-translate mode (for the TMX tests).

Facts this relies on (OmegaT 3.6, Debian package ``omegat``; see the TMX research notes):
- the exit status is 0 even when the TMX was ignored: read ``omegat/project_stats.txt``, the target
  file and the log instead;
- the project needs ``glossary/``, ``tm/auto/``, ``source/`` and ``target/``; only a TMX in
  ``tm/auto/`` (or ``tm/enforce/``) fills segments in console mode;
- ``*.utf8`` source files are read and written as UTF-8;
- ``.txt``/``.utf8`` paragraphs start only at blank lines (EMPTYLINES, OmegaT's default) unless
  ``filters.xml`` in the config dir sets ``segmentOn``; by default we set BREAKS, so every line is a
  paragraph;
- no filter of OmegaT 3.6 reads ``.md``: adding ``*.md`` to the Text filter's masks (``markdown=True``)
  makes it read Markdown as plain text, ``#`` marks included;
- the XLIFF filter reads ``*.xlf`` but never imports an existing ``<target>`` (3.6 passes no
  translation to the project for it) and skips ``translate="no"`` units; notes become comments;
- console mode loads no glossary, but ``--script=FILE.groovy`` runs a Groovy script inside OmegaT
  with the loaded ``project`` (used to read glossaries with OmegaT's own reader and dump the segments);
- a fresh ``--config-dir`` gives default segmentation rules and keeps $HOME untouched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

OMEGAT_JAR = Path(os.environ.get("OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))

PROJECT_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes>
            <mask>**/.svn/**</mask>
        </source_dir_excludes>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{src}</source_lang>
        <target_lang>{tgt}</target_lang>
        <sentence_seg>true</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
        <external_command></external_command>
    </project>
</omegat>
"""

FILTERS_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters>
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
{masks}
        <option name="segmentOn" value="{segment_on}"/>
    </filter>
</filters>
"""
MASK = ('        <files sourceFilenameMask="{mask}" sourceEncoding="UTF-8" targetEncoding="UTF-8" '
        'targetFilenamePattern="${{filename}}"/>')

# Runs inside OmegaT (console mode, --script): every segment OmegaT made, with its comment and the
# translation it holds, and every glossary entry OmegaT's own reader takes from glossary/.
DUMP_SCRIPT = r"""
import org.omegat.gui.glossary.GlossaryReaderTSV
def root = new File(project.projectProperties.projectRoot)
def clean = { s -> s == null ? "" : s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") }
new File(root, "segments-dump.tsv").withWriter("UTF-8") { w ->
  project.allEntries.each { e ->
    def info = project.getTranslationInfo(e)
    def tr = (info != null && info.isTranslated()) ? info.translation : ""
    w << clean(e.key.file) << "\t" << clean(e.srcText) << "\t" << clean(e.comment) << "\t" << clean(tr) << "\n"
  }
}
def dir = new File(project.projectProperties.glossaryRoot)
new File(root, "glossary-dump.tsv").withWriter("UTF-8") { w ->
  dir.listFiles().findAll { it.name ==~ /.*\.(txt|utf8|tab)/ }.sort().each { f ->
    GlossaryReaderTSV.read(f, false).each { g ->
      w << clean(f.name) << "\t" << clean(g.srcText) << "\t" << clean(g.locText) << "\t" << clean(g.commentText) << "\n"
    }
  }
}
"""


def require_omegat() -> None:
    """Skip when OmegaT is missing, except on CI (CI=true), where a skip would hide a broken setup."""
    if OMEGAT_JAR.is_file() and shutil.which("java"):
        return
    message = f"OmegaT not installed ({OMEGAT_JAR} or java missing; apt-get install -y omegat)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " but CI is set: .ci/run must install it")
    pytest.skip(message)


@dataclass
class OmegaTResult:
    returncode: int
    seconds: float
    stats: dict[str, int]
    target: str | None
    log: str
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (segments, remaining)
    targets: dict[str, str] = field(default_factory=dict)  # source file name -> target file text
    segments: list[tuple[str, str, str, str]] = field(default_factory=list)  # file, source, comment, translation
    glossary: list[tuple[str, str, str, str]] = field(default_factory=list)  # file, term, rendering, comment

    @property
    def matched(self) -> int:
        return self.stats.get("Total", 0) - self.stats.get("Remaining", 0)


@dataclass
class OmegaTProject:
    root: Path
    config: Path
    source_name: str

    @classmethod
    def create(cls, base: Path, source_text: str, tmx: Path, *, src_lang: str = "zh-CN",
               tgt_lang: str = "en-US", source_name: str = "document.utf8") -> OmegaTProject:
        return cls.build(base, {source_name: source_text}, [tmx], src_lang=src_lang, tgt_lang=tgt_lang)

    @classmethod
    def build(cls, base: Path, sources: dict[str, str | Path], tms: list[Path] = (), *,
              segment_on: str = "BREAKS", markdown: bool = False, glossaries: dict[str, Path] | None = None,
              src_lang: str = "zh-CN", tgt_lang: str = "en-US") -> OmegaTProject:
        """A project over several source files (text, or a file to copy); TMX files go to tm/auto/.

        ``segment_on`` is the Text filter's paragraph mode: BREAKS (a line is a paragraph) or
        EMPTYLINES (OmegaT's default); the filter reads *.txt and *.utf8 as UTF-8, and *.md too
        with ``markdown``.
        """
        root, config = base / "project", base / "config"
        for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        config.mkdir(parents=True, exist_ok=True)
        (root / "omegat.project").write_text(PROJECT_XML.format(src=src_lang, tgt=tgt_lang), encoding="utf-8")
        masks = ["*.txt", "*.utf8"] + (["*.md"] if markdown else [])
        (config / "filters.xml").write_text(
            FILTERS_XML.format(masks="\n".join(MASK.format(mask=m) for m in masks), segment_on=segment_on),
            encoding="utf-8")
        for name, text in sources.items():
            if isinstance(text, Path):
                shutil.copyfile(text, root / "source" / name)
            else:
                (root / "source" / name).write_text(text, encoding="utf-8")
        for tmx in tms:
            shutil.copyfile(tmx, root / "tm" / "auto" / tmx.name)
        for name, path in (glossaries or {}).items():
            shutil.copyfile(path, root / "glossary" / name)
        return cls(root, config, next(iter(sources)))

    def translate(self, timeout: float = 180) -> OmegaTResult:
        script = self.config / "dump.groovy"
        script.write_text(DUMP_SCRIPT, encoding="utf-8")
        cmd = [
            "java", "-Djava.awt.headless=true", "-Duser.language=en", "-Duser.country=US",
            "-jar", str(OMEGAT_JAR), str(self.root), "--mode=console-translate",
            f"--config-dir={self.config}", f"--script={script}",
        ]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": str(self.config)})
        seconds = time.monotonic() - t0
        targets = {p.name: p.read_text(encoding="utf-8") for p in sorted((self.root / "target").iterdir())
                   if p.is_file()}
        stats, files = self._stats()
        return OmegaTResult(proc.returncode, seconds, stats, targets.get(self.source_name),
                            proc.stdout + proc.stderr, files, targets,
                            self._dump("segments-dump.tsv"), self._dump("glossary-dump.tsv"))

    def _dump(self, name: str) -> list[tuple[str, ...]]:
        path = self.root / name
        if not path.exists():
            return []
        def unescape(cell: str) -> str:
            return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), cell)
        return [tuple(unescape(c) for c in line.split("\t"))
                for line in path.read_text(encoding="utf-8").splitlines() if line]

    def _stats(self) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
        path = self.root / "omegat" / "project_stats.txt"
        stats: dict[str, int] = {}
        files: dict[str, tuple[int, int]] = {}
        if not path.exists():
            return stats, files
        per_file = False
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            cols = [c.strip() for c in line.split("\t")]
            if cols[0].startswith("File Name"):
                per_file = True
                continue
            if per_file and len(cols) > 2 and cols[1].isdigit():
                files[cols[0]] = (int(cols[1]), int(cols[2]))  # total, remaining segments
                continue
            key = cols[0].rstrip(":")
            if key in ("Total", "Remaining", "Unique", "Unique Remaining") and len(cols) > 1 and cols[1].isdigit():
                stats[key] = int(cols[1])
        return stats, files
