"""Issue 7, inputs: whatever a folder holds, each file gets a clear answer and the batch goes on.

Most tests drive the real `bitext translate` command in-process with a fake backend (the model is
not the point, and a model load per test would cost seconds); one slow test runs the same batch
through a subprocess with the tiny Marian model, exactly as a user would.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fakes import EchoBackend

ROOT = Path(__file__).resolve().parents[1]
BODY = "党员干部深入基层，倾听群众呼声。"
SECOND = "推进全面从严治党。"
TEXT = f"## 基层治理\n\n{BODY}\n\n{SECOND}\n"

# name → (bytes, the encoding -v must report)
GOOD = {
    "utf8bom": (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    "gb18030": (TEXT.encode("gb18030"), "gb18030"),
    "gbk": (TEXT.encode("gbk"), "gb18030"),  # GB18030 is GBK's superset: the same bytes, the same text
    "utf16lebom": (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    "utf16bebom": (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    "utf16le": (TEXT.encode("utf-16-le"), "utf-16-le"),
    "utf16be": (TEXT.encode("utf-16-be"), "utf-16-be"),
}
# name → (bytes, what the per-file message must say)
BAD = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
    "undecodable": (BODY.encode("utf-8") + b"\n" + bytes([0xC3, 0x28, 0xFF, 0xFE, 0x81]) * 50, "cannot be decoded"),
    "empty": (b"", "nothing to translate: the file is empty"),
    "blank": (b"  \n\n\t\r\n\xe3\x80\x80\n", "only whitespace"),  # ends with a full-width space line
    "furniture": ("2024年3月5日 星期二\n\n本版责编：王小明\n\n第 4 版\n".encode("utf-8"),
                  "nothing to translate: only page furniture (date lines, editor credits); --keep-furniture"),
}


def write_files(folder: Path, files: dict[str, tuple[bytes, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in files.items():
        (folder / f"{name}.txt").write_bytes(data)


def sources(jsonl: Path) -> list[str]:
    return [json.loads(line)["source"] for line in jsonl.read_text(encoding="utf-8").splitlines()]


def test_every_encoding_read_and_reported(cli, tmp_path):
    write_files(tmp_path / "in", GOOD)
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "in"), "-o", str(out), "--format", "jsonl,txt",
                 "--glossary-mode", "off", "-v")
    assert result.exit_code == 0, result.output
    for name, (_, encoding) in GOOD.items():
        assert sources(out / f"{name}.jsonl") == ["基层治理", BODY, SECOND], name
        assert f"{name}.txt: encoding {encoding}," in result.stderr, name


def test_bad_files_fail_one_by_one_and_the_batch_goes_on(cli, tmp_path):
    files = {**BAD, "good": GOOD["gb18030"]}
    write_files(tmp_path / "in", files)
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "in"), "-o", str(out), "--format", "txt,jsonl",
                 "--glossary-mode", "off")
    assert result.exit_code == 1  # some inputs failed
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    for name, (_, message) in BAD.items():
        path = str(tmp_path / "in" / f"{name}.txt")
        # One line per failed file: "bitext: <path>[:line]: <why>".
        mine = [line for line in lines if line.startswith(f"bitext: {path}")]
        assert len(mine) == 1 and message in mine[0], (name, result.stderr)
    # Files sort alphabetically: "good" comes after "binary", "blank" and "empty" and is still done.
    assert sources(out / "good.jsonl") == ["基层治理", BODY, SECOND]
    assert sorted(p.name for p in out.iterdir()) == [".bitext-manifest.jsonl", "good.en.txt", "good.jsonl"]
    assert "1 of 6 files done" in result.stderr


def test_undecodable_file_names_the_line(cli, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(f"{BODY}\n{SECOND}\n".encode("utf-8") + b"\xff\xfe\xfd broken \x81\x82\n")
    result = cli("translate", str(path), "-o", str(tmp_path / "out"), "--glossary-mode", "off")
    assert result.exit_code == 1
    assert f"bitext: {path}:3: cannot be decoded" in result.stderr
    assert "iconv" in result.stderr  # the fix comes with the error


def test_short_gbk_file_of_photo_captions(cli, tmp_path):
    # ▲ and ■ open captions; a short GBK file full of them must not look like a wrong guess.
    (tmp_path / "captions.txt").write_bytes("▲ 图为志愿者。\n\n■ 本报讯\n".encode("gbk"))
    result = cli("translate", str(tmp_path / "captions.txt"), "-o", str(tmp_path / "out"), "--format", "jsonl",
                 "--glossary-mode", "off", "--keep-furniture", "-v")
    assert result.exit_code == 0, result.output
    assert "encoding gb18030" in result.stderr
    assert sources(tmp_path / "out" / "captions.jsonl") == ["▲ 图为志愿者。", "■ 本报讯"]


def test_furniture_only_file_can_be_translated_on_request(cli, tmp_path):
    write_files(tmp_path, {"furniture": BAD["furniture"]})
    result = cli("translate", str(tmp_path / "furniture.txt"), "-o", str(tmp_path / "out"), "--format", "jsonl",
                 "--glossary-mode", "off", "--keep-furniture")
    assert result.exit_code == 0, result.output
    assert len(sources(tmp_path / "out" / "furniture.jsonl")) == 3


def test_ten_thousand_characters_without_punctuation_lose_nothing(cli, tmp_path):
    # 10,000 Han characters, no punctuation, no line break: the model (limit 40 tokens) needs
    # 250+ pieces, cut between characters.
    alphabet = "党员干部深入基层倾听群众呼声推进全面从严治党乡村振兴取得新成效"
    paragraph = "".join(alphabet[(i * 7 + i // 31) % len(alphabet)] for i in range(10_000))
    (tmp_path / "long.txt").write_text(paragraph + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "long.txt"), "-o", str(out), "--format", "jsonl,tsv",
                 "--glossary-mode", "off")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "long.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "".join(r["source"] for r in records) == paragraph  # the source side: every character once
    assert all("chunked" in r["flags"] for r in records)
    # The echo backend answers "T(<piece>)": the pieces it was sent, in order, rebuild the paragraph.
    target = " ".join(r["target"] for r in records)
    pieces = [p.removeprefix("T(").removesuffix(")") for p in target.split(" ")]
    assert "".join(pieces) == paragraph
    assert len(pieces) >= 10_000 // 40 and all(len(p) + 1 <= 40 for p in pieces)
    assert (out / "long.tsv").read_text(encoding="utf-8").count(paragraph) == 1


def test_traditional_detected_reported_and_converted(cli, tmp_path):
    traditional = "國務院總理在會議上發表講話，強調經濟發展與環境保護。"
    (tmp_path / "trad.txt").write_text(traditional + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "trad.txt"), "-o", str(out), "--format", "jsonl",
                 "--glossary-mode", "off")
    assert result.exit_code == 0
    assert "traditional Chinese" in result.stderr  # reported even without -v
    assert sources(out / "trad.jsonl") == [traditional]

    result = cli("translate", str(tmp_path / "trad.txt"), "-o", str(out), "--format", "jsonl",
                 "--glossary-mode", "off", "--convert-traditional", "-v")
    assert result.exit_code == 0
    assert "traditional Chinese" in result.stderr
    # The outputs keep the author's text; the model and the glossary matcher see Simplified.
    assert sources(out / "trad.jsonl") == [traditional]
    assert cli.backend.calls[-1] == ["国务院总理在会议上发表讲话，强调经济发展与环境保护。"]


def test_traditional_terms_match_the_glossary_after_conversion(tmp_path, cache_dir):
    """The point of --convert-traditional: Traditional input meets the Simplified term base."""
    from bitext.translate.pipeline import TranslateOptions
    from bitext.translate.runner import RunOptions, translate_files

    (tmp_path / "trad.txt").write_text("全面從嚴治黨，推進鄉村振興。\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("zh\ten\n全面从严治党\texercise full and rigorous Party self-governance\n", encoding="utf-8")

    def terms(convert: bool) -> list[str]:
        out = tmp_path / f"out-{convert}"
        translate_files([str(tmp_path / "trad.txt")], RunOptions(
            out_dir=out, formats=("jsonl",), glossary_files=(str(glossary),), builtin_glossary=False,
            translate=TranslateOptions(convert_traditional=convert)), backend=EchoBackend())
        records = [json.loads(x) for x in (out / "trad.jsonl").read_text(encoding="utf-8").splitlines()]
        return [t["zh"] for r in records for t in r["terms"]]

    assert terms(False) == []
    assert terms(True) == ["全面从严治党"]


def test_arbitrary_bytes_never_crash_the_reader():
    """Fuzz: any bytes give a Document or an InputError, never another exception."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bitext.core.errors import InputError
    from bitext.translate.ingest import read_document

    pieces = st.one_of(
        st.binary(max_size=64),
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(alphabet="党员干部，。！\n 　#▲", max_size=40).map(lambda t: t.encode("gb18030")),
        st.text(max_size=20).map(lambda t: t.encode("utf-16", "surrogatepass")),
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=4).map(b"".join))
    def check(data: bytes):
        try:
            doc = read_document(data=data)
        except InputError as exc:
            assert str(exc).startswith("<stdin>")
            return
        for block in doc.blocks:
            assert block.text.strip()
            assert not any("\ud800" <= c <= "\udfff" or c in "\x00\ufffe\uffff" for c in block.text)

    check()


# --- through a real subprocess and the tiny Marian model ---------------------------------------

def bitext(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", COLUMNS="400", **env)
    return subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT)


@pytest.mark.slow
def test_mixed_folder_through_the_real_cli(tiny_model_dir, tmp_path, cache_dir):
    chosen = {k: GOOD[k] for k in ("gbk", "utf16le")}
    write_files(tmp_path / "in", {**chosen, **{k: BAD[k] for k in ("binary", "empty", "furniture")}})
    long = "党员干部深入基层倾听群众呼声推进全面从严治党" * 8  # 176 characters, no punctuation
    (tmp_path / "in" / "long.txt").write_text(long, encoding="utf-8")
    out = tmp_path / "out"
    result = bitext("translate", str(tmp_path / "in"), "-o", str(out), "--model", str(tiny_model_dir),
                    "--format", "jsonl,txt", "--beams", "1", "--glossary-mode", "off", "-v",
                    env={"BITEXT_CACHE_DIR": str(cache_dir)})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name, (_, encoding) in chosen.items():
        assert f"{name}.txt: encoding {encoding}," in result.stderr
        assert sources(out / f"{name}.jsonl") == ["基层治理", BODY, SECOND]
    for name in ("binary", "empty", "furniture"):
        mine = [x for x in result.stderr.splitlines() if x.startswith(f"bitext: {tmp_path / 'in' / name}.txt:")]
        assert len(mine) == 1 and BAD[name][1] in mine[0], name
    records = [json.loads(x) for x in (out / "long.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "".join(r["source"] for r in records) == long
    assert all("chunked" in r["flags"] for r in records) and all(r["target"] for r in records)
