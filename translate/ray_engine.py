"""`bitext translate --engine ray`: the same run on a Ray cluster, through Ray Data.

The driver expands the inputs and plans every output (the same refusals as the local engine, before
any work); each document is one row of a Ray Dataset, mapped by a pool of translator actors that each
load the model, the glossary and the TM once and run :func:`bitext.translate.runner.run_document` on
their rows: read, translate, align, write atomically into the output folder (a file system every
node mounts) and record the files in its manifest. Results stream back to the driver as plain dicts
for the progress lines and the run summary.

Faults: a dead actor is restarted and its document retried by Ray (``max_restarts``,
``max_task_retries``). Nothing is written twice: outputs appear by atomic rename, and a retried
document whose outputs are already complete is skipped by the rule every engine uses
(:meth:`bitext.writers.Manifest.complete`); the driver keeps the first result per document.

Each actor opens the segment cache of its node (``BITEXT_CACHE_DIR`` or ``~/.cache/bitext``): SQLite
in WAL mode with a busy timeout, shared safely by the actors of one node; it must be on a local disk
(SQLite's WAL does not work across machines on a network file system).

Ray is imported only here, inside functions: ``bitext --help`` never loads it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bitext.core.document import Document
from bitext.core.errors import BitextError
from bitext.translate.inputs import STDIN, InputFile
from bitext.translate.runner import STDOUT, FileResult, RunOptions, RunSummary, plan_run

# Rows per Ray Data block: one document per block (up to this many blocks) lets every idle actor take
# the next document and a retry redo one; beyond it, documents share blocks.
MAX_BLOCKS = 20_000


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # None: start a local Ray with this machine's cores
    workers: int | None = None  # translator actors; None: the cluster's CPUs / cpus_per_worker
    cpus_per_worker: float = 1.0  # also the model's threads in each actor
    gpus_per_worker: float = 0.0
    max_restarts: int = 3  # per actor; each restart retries the document it held


def translate_files_ray(inputs: list[str | InputFile], options: RunOptions, ray_options: RayOptions = RayOptions(), *,
                        on_file: Callable[[FileResult], None] | None = None,
                        on_document: Callable[[str, Document], None] | None = None,
                        created: datetime | None = None, summary: RunSummary | None = None) -> RunSummary:
    """``translate_files`` on Ray: the same outputs, the same skip rule, the same summary.

    ``on_file`` hears of each result on the driver as it arrives; ``on_document`` is called on the
    worker (it is pickled there) when a document has been read.
    """
    started = time.perf_counter()
    summary = summary if summary is not None else RunSummary()
    order: dict[str, int] = {}
    try:
        if str(options.out_dir) == STDOUT:
            raise BitextError("--engine ray writes output files: give an output folder (-o DIR), not -o -")
        if any(str(getattr(i, "path", i)) == STDIN for i in inputs):
            raise BitextError("--engine ray reads files and folders, not stdin ('-'): translate stdin without it")
        plan = plan_run(inputs, options, created)
        worker_options = _for_workers(options, ray_options)
        out_dir = Path(worker_options.out_dir)
        rows = [{"index": i, "path": os.path.abspath(f.path), "name": f.name, "problem": f.problem,
                 "outputs": json.dumps([os.path.abspath(p) for p in plan.outputs.get(f, [])])}
                for i, f in enumerate(plan.files)]
        by_index = dict(enumerate(plan.files))
        order = {f.path: i for i, f in enumerate(plan.files)}
        for index, result in _stream(rows, worker_options, plan.formats, plan.writer_options, ray_options,
                                     on_document):
            f = by_index.pop(index, None)
            if f is None:
                continue  # a retried document reported twice: the first result stands
            # The driver's spelling of paths, as the local engine reports them.
            result.input = f.path
            result.outputs = [str(Path(options.out_dir) / Path(o).relative_to(out_dir)) for o in result.outputs]
            summary.add(result)
            summary.model_calls += result.model_calls
            summary.cache_hits += result.cache_hits
            summary.source_tokens += result.source_tokens
            if on_file:
                on_file(result)
        summary.files.sort(key=lambda r: order.get(r.input, len(order)))
    finally:
        summary.seconds = time.perf_counter() - started
    return summary


def _for_workers(options: RunOptions, ray_options: RayOptions) -> RunOptions:
    """Paths every worker resolves alike (absolute), and one model replica per actor using its CPUs."""
    def absolute(path: str) -> str:
        return os.path.abspath(path) if os.path.exists(path) else path  # a hub id stays a hub id

    return dataclasses.replace(
        options, out_dir=os.path.abspath(options.out_dir), model=absolute(options.model),
        glossary_files=tuple(map(os.path.abspath, options.glossary_files)),
        tm_files=tuple(map(os.path.abspath, options.tm_files)),
        threads=options.threads or max(1, int(ray_options.cpus_per_worker)), workers=1)


def start_ray(ray_options: RayOptions) -> bool:
    """Connect to ``address`` or start a quiet local Ray; True when this call started it."""
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")  # bitext's own lines say what is going on
    try:
        import ray
        import ray.data
    except ImportError:
        raise BitextError("--engine ray needs Ray Data: pip install 'bitext[ray]'") from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # where ray.data was imported before
    if ray.is_initialized():
        return False
    common = {"logging_level": logging.WARNING, "configure_logging": True, "log_to_driver": False}
    try:
        if ray_options.address:
            ray.init(address=ray_options.address, **common)
        else:
            ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, **common)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise BitextError(f"cannot start or reach Ray ({ray_options.address or 'local'}): {exc}") from None
    return True


def _stream(rows: list[dict], options: RunOptions, formats: list[str], writer_options, ray_options: RayOptions,
            on_document):
    """(index, FileResult) for each document as its actor finishes it."""
    started_ray = start_ray(ray_options)
    import ray
    import ray.data

    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        workers = ray_options.workers or max(1, int(ray.cluster_resources().get("CPU", 1) // ray_options.cpus_per_worker))
        workers = min(workers, max(1, len(rows)))
        dataset = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), MAX_BLOCKS)))
        with warnings.catch_warnings():
            # Ray Data's own default is to restart and retry forever, which a document that kills its
            # actor every time (out of memory) would never leave; a bound needs these two remote args,
            # deprecated (for named parameters that do not include them yet) and kept until Ray 2.64.
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*", category=DeprecationWarning)
            results = dataset.map_batches(
                TranslatorActor, batch_size=1, compute=ray.data.ActorPoolStrategy(size=workers),
                fn_constructor_kwargs={"options": options, "formats": formats, "writer_options": writer_options,
                                       "on_document": on_document},
                num_cpus=ray_options.cpus_per_worker, num_gpus=ray_options.gpus_per_worker or None,
                max_restarts=ray_options.max_restarts, max_task_retries=ray_options.max_restarts)
        for row in results.iter_rows():
            if row["error"]:
                error = json.loads(row["error"])
                raised = BitextError(error["message"])
                raised.exit_code = error["exit_code"]
                raise raised
            fields = json.loads(row["result"])
            fields["notes"] = tuple(fields["notes"])
            yield int(row["index"]), FileResult(**fields)
    except ray.exceptions.RayError as exc:
        raise BitextError(f"the Ray run failed: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}") from exc
    finally:
        if started_ray:
            ray.shutdown()


class TranslatorActor:
    """One model replica: built once per actor, then called with one document per batch."""

    def __init__(self, options: RunOptions, formats: list[str], writer_options, on_document=None):
        from bitext.translate.runner import open_context

        self.on_document = on_document
        self.error: BitextError | None = None
        try:
            self.context = open_context(options, formats, writer_options)
        except BitextError as exc:
            # Reported with the first document instead: an actor dying in its constructor reaches the
            # driver only as "the actor died", after every restart.
            self.error = exc

    def __call__(self, batch: dict) -> dict:
        from bitext.translate.runner import run_document

        results, errors = [], []
        for path, name, problem, outputs in zip(batch["path"], batch["name"], batch["problem"], batch["outputs"]):
            f = InputFile(str(path), str(name), str(problem))
            result, error = FileResult(f.path, "failed", document=f.name), self.error
            if error is None:
                try:
                    result = run_document(f, [Path(p) for p in json.loads(str(outputs))], self.context,
                                          self.on_document)
                except BitextError as exc:  # the run's own errors (model, cache, output) end the run
                    error = exc
            results.append(json.dumps(dataclasses.asdict(result), ensure_ascii=False))
            # As data, not raised: Ray Data hands the driver a user-code exception without its cause.
            errors.append(json.dumps({"message": str(error), "exit_code": error.exit_code}) if error else "")
        return {"index": list(batch["index"]), "result": results, "error": errors}
