"""``govqa eval …`` commands: the synthetic corpus generator.

The lead mounts :data:`cli` (a click group named ``eval``) under ``govqa``; :func:`generate` is
also usable on its own.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from .synth import ALL_RENDERINGS, DEFAULT_RENDERINGS, FIRST_YEAR, RENDERINGS, Variety, generate_corpus

LAST_YEAR = 2100


def parse_years(text: str) -> list[int]:
    """``2019-2025``, ``2021`` or ``2019,2021,2023`` → sorted years; ValueError with a clear message."""
    text = text.strip()
    years: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        lo_hi = part.split("-")
        if len(lo_hi) == 1 and lo_hi[0].isdigit():
            years.add(int(lo_hi[0]))
        elif len(lo_hi) == 2 and all(x.strip().isdigit() for x in lo_hi):
            lo, hi = (int(x) for x in lo_hi)
            if lo > hi:
                raise ValueError(f"the range {part} runs backwards; write {hi}-{lo}")
            years.update(range(lo, hi + 1))
        else:
            raise ValueError(f"'{part}' is not a year or a range like 2019-2025")
    if not years:
        raise ValueError("no years given")
    if min(years) < FIRST_YEAR:
        raise ValueError(f"the national report format starts with the {FIRST_YEAR} reports (got {min(years)})")
    if max(years) > LAST_YEAR:
        raise ValueError(f"{max(years)} is too far in the future")
    return sorted(years)


def parse_renderings(text: str) -> list[str]:
    names = [p.strip().lower() for p in text.split(",") if p.strip()]
    unknown = [n for n in names if n not in ALL_RENDERINGS]
    if unknown:
        raise ValueError(f"unknown rendering(s): {', '.join(unknown)} (choose from {', '.join(ALL_RENDERINGS)})")
    if not names:
        raise ValueError(f"no renderings given (choose from {', '.join(RENDERINGS)})")
    return list(dict.fromkeys(names))


def _years_cb(ctx: click.Context, param: click.Parameter, value: str) -> list[int]:
    try:
        return parse_years(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _renderings_cb(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    try:
        return parse_renderings(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


@click.command("generate")
@click.option("--agencies", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many fictional agencies to invent.")
@click.option("--years", default="2019-2025", show_default=True, callback=_years_cb,
              help="Report years: a range (2019-2025), a year, or a comma list.")
@click.option("--renderings", default=",".join(DEFAULT_RENDERINGS), show_default=True, callback=_renderings_cb,
              help=f"Comma list of {', '.join(ALL_RENDERINGS)} (scanned: image-only PDFs, read back by OCR).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the corpus into (truth/, html/, pdf/, docx/, text/, manifest.json).")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same corpus.")
@click.option("--noise", type=click.FloatRange(0, 1), default=0.3, show_default=True,
              help="Noise level of the text rendering, 0 (clean) to 1 (heavy).")
@click.option("--departments/--no-departments", default=True, show_default=True,
              help="Departments in the regions of the generated governments (X市公安局 beside X市人民政府).")
@click.option("--name-variants/--no-name-variants", default=True, show_default=True,
              help="Some agencies print their name differently in different years (no city prefix, "
                   "人民政府 dropped).")
@click.option("--typos/--no-typos", default=True, show_default=True,
              help="Some reports print their agency's name with one character misread (OCR-style).")
def generate(agencies: int, years: list[int], renderings: list[str], out: Path, seed: int, noise: float,
             departments: bool, name_variants: bool, typos: bool) -> None:
    """Write a synthetic corpus of annual reports with known truth.

    The truth names each agency officially (``agency``); ``printed_agency`` is the name its report
    prints. ``--no-departments --no-name-variants --no-typos`` gives the original tidy corpus.
    """
    start = time.perf_counter()
    variety = Variety(departments=departments, name_variants=name_variants, typos=typos)
    try:
        paths = generate_corpus(out, agencies=agencies, years=years, renderings=renderings, seed=seed, noise=noise,
                                variety=variety)
    except ValueError as exc:  # more agencies than the name stems allow
        raise click.UsageError(str(exc)) from exc
    reports = sum(1 for p in paths if p.parent.name == "truth")
    click.echo(f"wrote {reports} reports ({len(paths)} files) to {out} in {time.perf_counter() - start:.1f} s")


cli = click.Group("eval", help="Synthetic corpus and evaluation.")
cli.add_command(generate)

__all__ = ["cli", "generate", "parse_renderings", "parse_years"]
