"""Time `bitext glossary mine` on an official report pair and count what its top rows hold.

    .venv/bin/python bench/glossary_mine.py [--pair ../shared/data/official-bilingual/gov_work_report_2022]
        [--base TERMS.tsv | --no-base] [--strike-source REGEX] [--hold-out REGEX] [--reference TERMS.tsv]
        [--top 300] [--out rows.tsv]

Mines one document pair (NAME.zh.txt + NAME.en.txt) with the built-in term base (or --base) marking known units
(--include-known, so known units count as found), or with none (--no-base: what `bitext glossary mine
--no-builtin-glossary` proposes where the base knows nothing), and prints the CPU and wall time of aligning and
mining. With --reference (a term base whose entries the pair may contain), it also prints how many of
the reference terms that occur in the Chinese are among the top rows, and how many of those rows carry
one of the reference's renderings. --strike-source REGEX removes the publications it matches from every
entry's source and from its variants (which stay accepted renderings), so that a report's own edition does
not count among the editions that print an entry (the ranking weighs how many do). --hold-out REGEX holds the
matching editions out of the base altogether (entries that only they source and variants they printed leave
it) and counts what the default output (mined again without --include-known, since it ranks `different`
rows on their own evidence) gets back: `different` rows that read a held-out variant exactly, and held-out
entries among its top rows as `absent`. --out writes the top rows for judging by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import time
from pathlib import Path

from bitext.core.printing import bare_zh
from bitext.core.terms import Variant
from bitext.glossary import load_glossary
from bitext.glossary.mine import write_tsv
from bitext.glossary.realised import rendering_keys
from bitext.glossary.store import Glossary
from bitext.translate.mine_run import MineRunOptions, mine_files

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/official-bilingual/gov_work_report_2022"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", type=Path, default=DEFAULT, help="path without .zh.txt / .en.txt")
    parser.add_argument("--base", type=Path, help="the term base marking known units (default: the built-in one)")
    parser.add_argument("--no-base", action="store_true", help="mine without a term base")
    parser.add_argument("--reference", type=Path, help="a term base to count found terms against")
    parser.add_argument("--strike-source", metavar="REGEX",
                        help="publications to strike from sources, e.g. 'Government Work Report.*2022'")
    parser.add_argument("--hold-out", metavar="REGEX",
                        help="editions to hold out of the base, e.g. '(Government Work Report|Report on the Work "
                             "of the Government).*2022'")
    parser.add_argument("--top", type=int, default=300)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    zh, en = Path(f"{args.pair}.zh.txt"), Path(f"{args.pair}.en.txt")
    if not zh.is_file():
        raise SystemExit(f"{zh} not found (the official pairs live in ../shared/data/official-bilingual)")

    if args.no_base:
        glossary = None
    else:
        glossary = load_glossary([args.base], builtin=False) if args.base else load_glossary()
        if args.strike_source:
            glossary = _struck(glossary, re.compile(args.strike_source))
        if args.hold_out:
            glossary, held_entries, held_variants = _held_out(glossary, re.compile(args.hold_out))
    wall, cpu = time.perf_counter(), time.process_time()
    summary = mine_files(zh, en, glossary, MineRunOptions(include_known=True))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    text = zh.read_text(encoding="utf-8")
    print(f"{zh.name}: {len(text):,} characters, {summary.sentence_pairs} sentence pairs, "
          f"{len(summary.candidates)} rows; wall {wall:.1f} s (align {summary.align_seconds:.1f} s, "
          f"mine {summary.mine_seconds:.1f} s), CPU {cpu:.1f} s (includes loading CC-CEDICT)")
    top = summary.candidates[:args.top]
    known = {k: sum(r.known == k for r in top) for k in ("absent", "same", "different")}
    print(f"top {len(top)}: known same {known['same']}, different {known['different']}, absent {known['absent']}")
    if args.reference:
        reference = load_glossary([args.reference], builtin=False)
        # Compared on the printing key: a row prints the unit as the text does (“放管服”改革).
        occurring = {bare_zh(h.term.zh) for line in text.splitlines() for h in reference.find(line)}
        found = [r for r in top if bare_zh(r.zh) in occurring]
        agree = [r for r in found if rendering_keys(r.en) in
                 {rendering_keys(x) for x in reference.lookup(r.zh).renderings}]
        print(f"reference terms in the Chinese: {len(occurring)}; in the top {len(top)}: {len(found)} "
              f"({len(found) / max(1, len(occurring)):.0%}), with a reference rendering: {len(agree)}")
    if args.hold_out and glossary is not None:
        # Without --include-known a row the base renders differently ranks on its own evidence, so the
        # default output is mined again rather than filtered from the rows above.
        default_top = mine_files(zh, en, glossary, MineRunOptions()).candidates[:args.top]
        in_default = {(r.zh, r.en) for r in default_top}
        on_held = [r for r in summary.candidates if r.known == "different" and r.zh in held_variants]
        back = [r for r in on_held if rendering_keys(r.en) in held_variants[r.zh]]
        new = [r for r in default_top if r.known == "absent" and r.zh in held_entries]
        print(f"held out: {len(held_entries)} entries, variants of {len(held_variants)} entries; "
              f"'different' rows on those: {len(on_held)}, reading a held-out variant exactly: {len(back)} "
              f"({sum((r.zh, r.en) in in_default for r in back)} in the default top {args.top}); held-out entries in the "
              f"default top {args.top}: {len(new)}, with their rendering: "
              f"{sum(rendering_keys(r.en) in held_entries[r.zh] for r in new)}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as stream:
            write_tsv(top, stream)
        print(f"top rows written to {args.out}")


def _struck(glossary: Glossary, publication: re.Pattern) -> Glossary:
    def keep(source: str) -> bool:
        return not publication.search(source)

    terms = [dataclasses.replace(
        t, source="; ".join(s for s in t.publications if keep(s)),
        variants=tuple(v if keep(v.source) else Variant(v.text) for v in t.variants)) for t in glossary.terms]
    return Glossary(terms, label=glossary.label)


def _held_out(glossary: Glossary, edition: re.Pattern):
    """The base without ``edition``; the entries only it sourced and the variants it printed (by zh, as
    rendering keys)."""
    terms, entries, variants = [], {}, {}
    for t in glossary.terms:
        if t.publications and all(edition.search(s) for s in t.publications):
            entries[t.zh] = {rendering_keys(r) for r in t.renderings}
            continue
        printed = [v for v in t.variants if v.source and edition.search(v.source)]
        if printed:
            variants[t.zh] = {rendering_keys(v.text) for v in printed}
            t = dataclasses.replace(t, variants=tuple(v for v in t.variants if v not in printed))
        terms.append(t)
    return Glossary(terms, label=glossary.label), entries, variants


if __name__ == "__main__":
    main()
