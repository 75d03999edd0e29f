"""Translation backends behind one interface (see base.Backend); chosen by name."""

from __future__ import annotations

from bitext.translate.backends.base import Backend, GenerationOptions
from bitext.core.choices import BACKENDS, DEVICES
from bitext.core.errors import BitextError, ModelUnavailable


def create_backend(name: str, model: str, options: GenerationOptions, *, device: str = "auto",
                   threads: int | None = None, workers: int | None = None) -> Backend:
    from bitext.translate.backends.model_source import resolve_model

    if name not in BACKENDS:
        raise BitextError(f"unknown backend {name!r}; choose from {', '.join(BACKENDS)}")
    if device not in DEVICES:
        raise BitextError(f"unknown device {device!r}; choose from {', '.join(DEVICES)}")
    source = resolve_model(model)
    try:
        if name == "transformers" and not source.converted:  # a CTranslate2 folder runs only on CTranslate2
            from bitext.translate.backends.transformers_backend import TransformersBackend

            return TransformersBackend(source, options, device=device, threads=threads)
        from bitext.translate.backends.ctranslate2_backend import CTranslate2Backend

        return CTranslate2Backend(source, options, device=device, threads=threads, workers=workers)
    except BitextError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged checkpoint surfaces as any library's own error
        # (SafetensorError, sentencepiece's RuntimeError, config validation, a None tokenizer path…).
        reason = (str(exc).strip().splitlines() or [""])[0]
        raise ModelUnavailable(
            f"cannot load model '{model}': {type(exc).__name__}: {reason}. The folder looks damaged or "
            "incomplete (weights, tokenizer or config); download or copy it again."
        ) from None
