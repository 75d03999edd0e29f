"""A throw-away OmegaT 3.6 project, run headless in console-translate mode (for the TMX tests).

Facts this relies on (OmegaT 3.6, Debian package ``omegat``; see the TMX research notes):
- the exit status is 0 even when the TMX was ignored: read ``omegat/project_stats.txt``, the target
  file and the log instead;
- the project needs ``glossary/``, ``tm/auto/``, ``source/`` and ``target/``; only a TMX in
  ``tm/auto/`` (or ``tm/enforce/``) fills segments in console mode;
- ``*.utf8`` source files are read and written as UTF-8;
- ``.txt``/``.utf8`` paragraphs start only at blank lines unless ``filters.xml`` in the config dir
  sets ``segmentOn``; we set BREAKS, so every line is a paragraph;
- a fresh ``--config-dir`` gives default segmentation rules and keeps $HOME untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
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
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}"/>
        <files sourceFilenameMask="*.utf8" sourceEncoding="UTF-8" targetEncoding="UTF-8"
               targetFilenamePattern="${filename}"/>
        <option name="segmentOn" value="BREAKS"/>
    </filter>
</filters>
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
        root, config = base / "project", base / "config"
        for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        config.mkdir(parents=True, exist_ok=True)
        (root / "omegat.project").write_text(PROJECT_XML.format(src=src_lang, tgt=tgt_lang), encoding="utf-8")
        (config / "filters.xml").write_text(FILTERS_XML, encoding="utf-8")
        (root / "source" / source_name).write_text(source_text, encoding="utf-8")
        shutil.copyfile(tmx, root / "tm" / "auto" / tmx.name)
        return cls(root, config, source_name)

    def translate(self, timeout: float = 180) -> OmegaTResult:
        cmd = [
            "java", "-Djava.awt.headless=true", "-Duser.language=en", "-Duser.country=US",
            "-jar", str(OMEGAT_JAR), str(self.root), "--mode=console-translate",
            f"--config-dir={self.config}",
        ]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": str(self.config)})
        seconds = time.monotonic() - t0
        target_file = self.root / "target" / self.source_name
        target = target_file.read_text(encoding="utf-8") if target_file.exists() else None
        return OmegaTResult(proc.returncode, seconds, self._stats(), target, proc.stdout + proc.stderr)

    def _stats(self) -> dict[str, int]:
        path = self.root / "omegat" / "project_stats.txt"
        stats: dict[str, int] = {}
        if not path.exists():
            return stats
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            cols = line.split("\t")
            key = cols[0].strip().rstrip(":")
            if key in ("Total", "Remaining", "Unique", "Unique Remaining") and len(cols) > 1:
                try:
                    stats[key] = int(cols[1].strip())
                except ValueError:
                    pass
        return stats
