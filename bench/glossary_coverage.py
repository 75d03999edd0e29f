"""Coverage and agreement of a term base on a reference list of fixed terms.

Usage:
    python bench/glossary_coverage.py REFERENCE.tsv TERMS.tsv

REFERENCE.tsv: UTF-8, tab-separated, one reference term a line: ``zh<TAB>en`` (further columns
are ignored); ``en`` is the rendering the reference document actually used. A first line whose
first field is ``zh`` is taken as a header. Lines starting with ``#`` are skipped. The reference
list is built from a document outside this repository and is not shipped with it.

TERMS.tsv: a term base in the format of ``glossary/data/terms.tsv`` (header with at least the
columns ``zh``, ``en`` and ``variants``; both the six-column format and the seven-column format
with ``avoid`` are read). A variant is either a plain rendering or ``rendering|YEAR|SOURCE``;
only the rendering is compared.

Printed figures:
- coverage  = share of reference terms whose ``zh`` is an entry of the term base (and the same share
  when the printing is ignored (quotation marks, spaces, widths, dashes), as ``bitext glossary lookup``
  does: “一带一路” / 一带一路);
- agreement = of the covered terms, share whose reference rendering equals the entry's ``en`` or
  one of its variants, compared case-insensitively, ignoring the articles "the", "a", "an" and a
  simple plural -s (typographic apostrophes and quotes are also normalized).

With ``--realisation`` a third figure: of the covered terms, the share whose reference rendering,
written in a translation, realises the entry under bitext's own check (``bitext.glossary.realised``:
word stems, any listed rendering found inside it), i.e. where a translator who wrote the official
form would not be flagged. Misses are listed: reference terms not in the term base, and covered terms
whose rendering does not match. Without ``--realisation`` it imports nothing from the project.
"""

from __future__ import annotations

import argparse
import csv
import sys

ARTICLES = {"the", "a", "an"}


def normalize(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    words = []
    for word in text.lower().split():
        word = word.strip(".,;:!?\"()")
        if not word or word in ARTICLES:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


_FOLD: dict[int, int | None] = dict.fromkeys(map(ord, "“”‘’\"'「」『』〝〞 \t\n\r\u3000\u00a0\u200b"))
_FOLD.update((0xFF01 + i, 0x21 + i) for i in range(0x5E))
_FOLD.update(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), ord("-")))
_FOLD.update(dict.fromkeys(map(ord, "\u2022\u2027\u2219\u30fb\uff65"), ord("·")))


def bare(zh: str) -> str:
    # The twin of bitext.core.printing.bare_zh (same folding), copied so that this script runs without
    # the project installed; change both together.
    return zh.translate(_FOLD)


def read_rows(path: str) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def read_reference(path: str) -> list[tuple[str, str]]:
    out = []
    first = True
    for i, row in enumerate(read_rows(path)):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if first and row[0].strip() == "zh":
            first = False
            continue
        first = False
        if len(row) < 2 or not row[1].strip():
            raise SystemExit(f"{path}:{i + 1}: expected zh<TAB>en")
        out.append((row[0].strip(), row[1].strip()))
    return out


def read_terms(path: str) -> dict[str, list[str]]:
    rows = read_rows(path)
    if not rows:
        raise SystemExit(f"{path}: empty")
    header = rows[0]
    try:
        i_zh, i_en, i_var = header.index("zh"), header.index("en"), header.index("variants")
    except ValueError:
        raise SystemExit(f"{path}: header must name the columns zh, en, variants")
    terms: dict[str, list[str]] = {}
    for row in rows[1:]:
        if len(row) <= max(i_zh, i_en, i_var):
            continue
        renderings = [row[i_en]]
        for item in row[i_var].split(";"):
            item = item.split("|", 1)[0].strip()
            if item:
                renderings.append(item)
        terms[row[i_zh]] = renderings
    return terms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", help="reference TSV (zh, official rendering)")
    parser.add_argument("terms", help="term base TSV (glossary/data/terms.tsv format)")
    parser.add_argument("--realisation", action="store_true",
                        help="also count references that bitext's realisation check accepts")
    args = parser.parse_args(argv)

    reference = read_reference(args.reference)
    terms = read_terms(args.terms)
    if not reference:
        raise SystemExit("empty reference list")

    missing, disagree, agree, accepted = [], [], 0, 0
    bare_terms = {bare(zh) for zh in terms}
    covered_bare = sum(bare(zh) in bare_terms for zh, _ in reference)
    for zh, en in reference:
        if zh not in terms:
            missing.append((zh, en))
            continue
        target = normalize(en)
        if any(normalize(r) == target for r in terms[zh]):
            agree += 1
        else:
            disagree.append((zh, en, terms[zh][0]))
        if args.realisation and _realised(zh, terms[zh], en):
            accepted += 1

    covered = len(reference) - len(missing)
    print(f"reference terms: {len(reference)}")
    print(f"term base entries: {len(terms)}")
    print(f"coverage: {covered}/{len(reference)} = {covered / len(reference):.3f}")
    print(f"coverage, printing ignored (quotes, spaces, widths, dashes): {covered_bare}/{len(reference)} = "
          f"{covered_bare / len(reference):.3f}")
    if covered:
        print(f"agreement: {agree}/{covered} = {agree / covered:.3f}")
        if args.realisation:
            print(f"accepted by the realisation check: {accepted}/{covered} = {accepted / covered:.3f}")
    else:
        print("agreement: n/a (nothing covered)")
    print(f"\nnot covered ({len(missing)}):")
    for zh, en in missing:
        print(f"  {zh}\t{en}")
    print(f"\ncovered, rendering differs ({len(disagree)}):")
    for zh, en, have in disagree:
        print(f"  {zh}\treference: {en}\tterm base: {have}")
    return 0


def _realised(zh: str, renderings: list[str], official: str) -> bool:
    from bitext.core.terms import Term, TermHit
    from bitext.glossary.realised import realise

    term = Term(zh, renderings[0], tuple(renderings[1:]))
    return realise([TermHit(term, 0, len(zh))], official)[0].realised


if __name__ == "__main__":
    sys.exit(main())
