"""`--engine ray` on a local Ray (2 CPUs, 2 actors, the tiny model): the local engine's outputs byte for
byte, a killed actor costs no document and writes none twice, a rerun skips finished documents."""

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ray = pytest.importorskip("ray", reason="the Ray engine needs bitext[ray]")

from bitext.translate.backends.base import GenerationOptions  # noqa: E402
from bitext.translate.pipeline import TranslateOptions  # noqa: E402
from bitext.translate.ray_engine import RayOptions, translate_files_ray  # noqa: E402
from bitext.translate.runner import RunOptions, translate_files  # noqa: E402
from bitext.writers.manifest import MANIFEST_NAME  # noqa: E402

CREATED = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
DOCS = {
    "a.txt": "党员干部推进乡村振兴。\n\n企业支持科技创新。",
    "b.md": "# 社区\n\n政府完善公共服务。村民需要医疗。",
    "2021/04/c.txt": "我们加强党建工作。",
    "2021/04/d.txt": "他们落实营商环境。\n\n老师需要教育。",
    "2021/e.txt": "街道推进生态保护。",
}


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield
    ray.shutdown()


def make_inputs(root: Path) -> Path:
    for name, text in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n", encoding="utf-8")
    return root


def options(model: Path, out: Path) -> RunOptions:
    # No cache: each engine's model really translates (a shared cache would make them agree trivially).
    return RunOptions(out_dir=out, formats=("tmx", "html", "txt", "jsonl", "xliff"), model=str(model), threads=1,
                      generation=GenerationOptions(beams=1, max_new_tokens=24), use_cache=False,
                      translate=TranslateOptions(glossary_mode="check"))


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != MANIFEST_NAME}


def manifest_lines(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / MANIFEST_NAME).read_text().splitlines()]


def test_ray_outputs_equal_the_local_engines_and_a_rerun_skips(local_ray, tiny_model_dir, tmp_path):
    inputs = make_inputs(tmp_path / "in")
    local = translate_files([str(inputs)], options(tiny_model_dir, tmp_path / "local"), created=CREATED)
    seen = []
    distributed = translate_files_ray([str(inputs)], options(tiny_model_dir, tmp_path / "ray"),
                                      RayOptions(workers=2), created=CREATED, on_file=seen.append)
    assert [f.status for f in distributed.files] == ["done"] * 5 and not distributed.failed
    assert len(seen) == 5 and {f.input for f in seen} == {f.input for f in local.files}
    assert [f.input for f in distributed.files] == [f.input for f in local.files]  # input order
    assert distributed.model_calls == local.model_calls > 0 and distributed.segments == local.segments
    ray_files = files(tmp_path / "ray")
    assert len(ray_files) == 25 and ray_files == files(tmp_path / "local")  # every byte, dates included
    assert [f.outputs for f in distributed.files] == [
        [o.replace(str(tmp_path / "local"), str(tmp_path / "ray")) for o in f.outputs] for f in local.files]

    # A rerun after one input changed: only that one is translated again.
    (inputs / "2021" / "e.txt").write_text("街道推进经济发展。\n", encoding="utf-8")
    rerun = translate_files_ray([str(inputs)], options(tiny_model_dir, tmp_path / "ray"), RayOptions(workers=2),
                                created=CREATED)
    assert {Path(f.input).name: f.status for f in rerun.files} == {
        "a.txt": "skipped", "b.md": "skipped", "c.txt": "skipped", "d.txt": "skipped", "e.txt": "done"}
    assert not rerun.failed and rerun.model_calls == sum(f.model_calls for f in rerun.files) > 0
    assert all(f.model_calls == 0 for f in rerun.files if f.status == "skipped")
    assert len(manifest_lines(tmp_path / "ray")) == 25 + 5  # e's five files once more, nothing else


def test_a_killed_actor_loses_no_document_and_writes_none_twice(local_ray, tiny_model_dir, tmp_path):
    inputs = make_inputs(tmp_path / "in")
    marker = tmp_path / "killed"

    def kill_once(path, document):  # runs in the actor, once: the first actor to read c.txt dies
        if path.endswith("c.txt") and not marker.exists():
            marker.write_text(str(time.time()))
            import ray as worker_ray

            worker_ray.kill(worker_ray.get_runtime_context().current_actor, no_restart=False)
            time.sleep(60)

    out = tmp_path / "out"
    summary = translate_files_ray([str(inputs)], options(tiny_model_dir, out), RayOptions(workers=2),
                                  created=CREATED, on_document=kill_once)
    assert marker.exists()
    assert [f.status for f in summary.files] == ["done"] * 5 and not summary.failed
    lines = manifest_lines(out)
    assert len(lines) == 25 and len({x["file"] for x in lines}) == 25  # every output once
    reference = translate_files([str(inputs)], options(tiny_model_dir, tmp_path / "local"), created=CREATED)
    assert not reference.failed and files(out) == files(tmp_path / "local")


def test_cli_engine_ray_end_to_end(local_ray, tiny_model_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bitext.cli.main import app

    monkeypatch.setenv("COLUMNS", "400")
    inputs = make_inputs(tmp_path / "in")
    report = tmp_path / "r.json"
    args = ["translate", str(inputs), "-o", str(tmp_path / "out"), "--model", str(tiny_model_dir), "--engine", "ray",
            "--workers", "2", "--beams", "1", "--max-new-tokens", "16", "--no-cache", "--glossary-mode", "off",
            "-f", "txt", "--report", str(report)]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "5 document(s)" in result.stderr and "on Ray" in result.stderr
    assert result.stderr.count("bitext: [") == 5 and "[5/5]" in result.stderr
    assert "5 of 5 files done;" in result.stderr
    data = json.loads(report.read_text())
    assert data["failed"] == 0 and [Path(f["input"]).name for f in data["files"]] == [  # input order
        "c.txt", "d.txt", "e.txt", "a.txt", "b.md"]
    assert (tmp_path / "out" / "2021" / "04" / "c.en.txt").exists()

    stdout = CliRunner().invoke(app, ["translate", str(inputs), "-o", "-", "-f", "txt", "--engine", "ray"])
    assert stdout.exit_code == 2 and "--engine ray writes output files" in stdout.stderr
    stray = CliRunner().invoke(app, ["translate", str(inputs), "--ray-address", "auto"])
    assert stray.exit_code == 2 and "--ray-address needs --engine ray" in stray.stderr


def test_a_model_error_on_the_workers_ends_the_run_with_its_exit_code(local_ray, tmp_path):
    from bitext.core.errors import EXIT_MODEL, BitextError

    inputs = make_inputs(tmp_path / "in")
    with pytest.raises(BitextError) as raised:
        translate_files_ray([str(inputs)], options(tmp_path / "no-such-model", tmp_path / "out"), RayOptions(workers=1))
    assert raised.value.exit_code == EXIT_MODEL and "no-such-model" in str(raised.value)
    assert not (tmp_path / "out" / "a.en.txt").exists()
