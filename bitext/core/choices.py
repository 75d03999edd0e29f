"""The closed sets of values that options take, each named once.

The library validates against these tuples and the command line lists them in ``--help`` (Typer turns
a ``Literal`` into a choice). Only ``typing`` here: the CLI imports this module before any command
runs, so ``bitext --help`` stays instant.
"""

from __future__ import annotations

from typing import Literal, get_args

GlossaryMode = Literal["enforce", "check", "off"]
Unit = Literal["sentence", "paragraph"]  # what one model call translates
Segmentation = Literal["bitext", "omegat"]  # Chinese sentence rules
TmxLevel = Literal["sentence", "paragraph", "both"]
BackendName = Literal["transformers", "ctranslate2"]
Device = Literal["auto", "cpu", "cuda", "mps"]
EngineName = Literal["local", "ray"]  # bitext translate: this process, or a Ray cluster (bitext[ray])
Quantization = Literal["int8", "int8_float32", "float32"]
OutputFormat = Literal["tmx", "html", "txt", "tsv", "jsonl", "moses", "beads", "xliff"]
GlossaryFormat = Literal["tsv", "csv", "tbx", "omegat"]
# What realigns `--unit paragraph` output: the packaged encoder, or none (see `bitext align --embed-model`).
EmbedChoice = Literal["use", "none"]

GLOSSARY_MODES: tuple[str, ...] = get_args(GlossaryMode)
UNITS: tuple[str, ...] = get_args(Unit)
SEGMENTATIONS: tuple[str, ...] = get_args(Segmentation)
TMX_LEVELS: tuple[str, ...] = get_args(TmxLevel)
BACKENDS: tuple[str, ...] = get_args(BackendName)
DEVICES: tuple[str, ...] = get_args(Device)
QUANTIZATIONS: tuple[str, ...] = get_args(Quantization)
OUTPUT_FORMATS: tuple[str, ...] = get_args(OutputFormat)
# `-o -`: the formats that make sense as one stream on stdout.
STREAM_FORMATS: tuple[str, ...] = ("txt", "jsonl")
GLOSSARY_FORMATS: tuple[str, ...] = get_args(GlossaryFormat)
