"""The skip rule (bitext.writers.Manifest.complete) as the local engine applies it: a rerun skips a
document whose planned outputs are all there, unchanged, written from the same input bytes under the
same settings; anything else translates it again."""

import json
from pathlib import Path

from bitext.writers.manifest import MANIFEST_NAME, Manifest, Provenance


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(cli, tmp_path, *extra: str) -> dict:
    report = tmp_path / "r.json"
    result = cli("translate", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glossary-mode", "off",
                 "-f", "txt,tmx", "--report", str(report), *extra)
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    data["statuses"] = {Path(f["input"]).name: f["status"] for f in data["files"]}
    data["stderr"] = result.stderr
    return data


def test_a_rerun_skips_complete_documents_and_translates_what_changed(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "甲文件。")
    write(tmp_path / "in" / "sub" / "b.txt", "乙文件。")
    first = run(cli, tmp_path)
    assert first["statuses"] == {"a.txt": "done", "b.txt": "done"} and first["model_calls"] == 2

    cli.backend.calls.clear()
    again = run(cli, tmp_path)
    assert again["statuses"] == {"a.txt": "skipped", "b.txt": "skipped"} and again["skipped"] == 2
    assert cli.backend.calls == [] and again["model_calls"] == again["cache_hits"] == 0 and again["failed"] == 0
    assert "2 of 2 files done (2 skipped: outputs complete)" in again["stderr"]
    skipped = next(f for f in again["files"] if f["status"] == "skipped")
    assert skipped["outputs"] and all(Path(o).exists() for o in skipped["outputs"])

    write(tmp_path / "in" / "a.txt", "甲文件。新句子。")  # a changed input
    changed = run(cli, tmp_path, "--no-cache")
    assert changed["statuses"] == {"a.txt": "done", "b.txt": "skipped"}
    assert (tmp_path / "out" / "a.en.txt").read_text(encoding="utf-8") == "T(甲文件。) T(新句子。)\n"


def test_changed_settings_or_outputs_translate_again(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "甲文件。")
    run(cli, tmp_path)
    assert run(cli, tmp_path, "--beams", "2")["statuses"] == {"a.txt": "done"}  # generation options
    assert run(cli, tmp_path, "--beams", "2")["statuses"] == {"a.txt": "skipped"}
    assert run(cli, tmp_path, "--beams", "2", "--tgt-tag", "en-GB")["statuses"] == {"a.txt": "done"}  # writer
    glossary = write(tmp_path / "g.tsv", "zh\ten\n甲文件\tfile A\n")
    args = ("--beams", "2", "--tgt-tag", "en-GB", "-g", str(glossary), "--glossary-mode", "check")
    assert run(cli, tmp_path, *args)["statuses"] == {"a.txt": "done"}
    assert run(cli, tmp_path, *args)["statuses"] == {"a.txt": "skipped"}
    write(glossary, "zh\ten\n甲文件\tdocument A\n")  # the glossary's content, not its name
    assert run(cli, tmp_path, *args)["statuses"] == {"a.txt": "done"}

    (tmp_path / "out" / "a.tmx").unlink()  # an output gone
    assert run(cli, tmp_path, *args)["statuses"] == {"a.txt": "done"}
    # Fewer formats: the planned file is complete; one more format: translated (and written) again.
    assert run(cli, tmp_path, *args, "-f", "txt")["statuses"] == {"a.txt": "skipped"}
    assert run(cli, tmp_path, *args, "-f", "txt,tsv")["statuses"] == {"a.txt": "done"}
    assert (tmp_path / "out" / "a.tsv").exists()


def test_complete_needs_matching_provenance_and_bytes_and_sees_other_writers(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine, other = Manifest(out), Manifest(out)  # two processes writing into one folder
    made = Provenance("1" * 64, "s")
    write(out / "a.txt", "A")
    mine.record(out / "a.txt", b"A", "in/a.txt", made)
    assert other.complete([out / "a.txt"], made)  # appended by the other process after it read the log
    assert not other.complete([out / "a.txt"], Provenance("2" * 64, "s"))  # another input
    assert not other.complete([out / "a.txt"], Provenance("1" * 64, "t"))  # other settings
    assert not other.complete([out / "a.txt", out / "b.txt"], made)  # one planned file missing
    assert not other.complete([], made)
    write(out / "a.txt", "B")  # edited since
    assert not other.complete([out / "a.txt"], made)
    lines = [json.loads(x) for x in (out / MANIFEST_NAME).read_text().splitlines()]
    assert lines[0]["input_sha256"] == "1" * 64 and lines[0]["settings"] == "s"


def test_the_model_is_known_by_its_weights_not_the_spelling_of_its_path(tiny_model_dir, tmp_path, cache_dir,
                                                                         monkeypatch):
    from bitext.translate.backends.base import GenerationOptions
    from bitext.translate.pipeline import TranslateOptions
    from bitext.translate.runner import RunOptions, translate_files

    write(tmp_path / "in" / "a.txt", "我们推进乡村振兴。")
    monkeypatch.chdir(tiny_model_dir.parent)
    common = dict(out_dir=tmp_path / "out", formats=("txt",), generation=GenerationOptions(beams=1, max_new_tokens=8),
                  translate=TranslateOptions(glossary_mode="off"))
    first = translate_files([str(tmp_path / "in")], RunOptions(model=str(tiny_model_dir), **common))
    again = translate_files([str(tmp_path / "in")], RunOptions(model=f"./{tiny_model_dir.name}", **common))
    assert [f.status for f in first.files] == ["done"] and [f.status for f in again.files] == ["skipped"]
