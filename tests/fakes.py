"""A deterministic stand-in backend for tests that are about bitext's own logic, not the model."""

from __future__ import annotations


class EchoBackend:
    """Translates by tagging: "T(<source>)". Counts one token per character plus </s>."""

    name = "echo"

    def __init__(self, limit: int = 40, fail_after: int | None = None):
        self.limit = limit
        self.calls: list[list[str]] = []
        self.fail_after = fail_after

    @property
    def identity(self) -> str:
        return "echo@1"

    @property
    def max_input_tokens(self) -> int:
        return self.limit

    def count_tokens(self, texts):
        return [len(t) + 1 for t in texts]

    def translate(self, texts):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise KeyboardInterrupt  # what Ctrl-C looks like from inside a model call
        self.calls.append(list(texts))
        return [f"T({t})" for t in texts]
