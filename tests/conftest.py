import os
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# The tests never reach a model hub: everything loads from directories built here.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A random-weight Marian zh→en model directory (loads through AutoModelForSeq2SeqLM)."""
    from tiny_model import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "model")


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory) -> Path:
    """The tiny model after a few hundred training steps: deterministic, roughly sensible English."""
    from tiny_model import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian-trained") / "model", train_steps=200)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """Keep every test's segment cache out of the user's cache directory."""
    d = tmp_path / "cache"
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(d))
    return d


@pytest.fixture
def cli(monkeypatch, cache_dir):
    """`bitext …` in-process through Typer's CliRunner, with the echo backend standing in for the model."""
    from typer.testing import CliRunner

    import bitext.translate.runner
    from fakes import EchoBackend
    from bitext.cli.main import app

    backend = EchoBackend(limit=40)
    monkeypatch.setattr(bitext.translate.runner, "make_backend", lambda options: backend)
    monkeypatch.setenv("COLUMNS", "400")  # rich wraps long tmp paths at 80 columns otherwise
    previous = signal.getsignal(signal.SIGTERM)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    invoke.backend = backend
    yield invoke
    signal.signal(signal.SIGTERM, previous)
