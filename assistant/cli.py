"""The ``govqa`` command line: each subcommand reads its options, calls :mod:`assistant.api`, prints.

    govqa ingest [PATH...] [--store DIR] [--agency A] [--year Y] [--no-vectors]
    govqa reports [--store DIR] [--format table|csv|json]
    govqa figures [--agency A] [--year Y] [--table 2|3|4] [--long] [--format table|csv|json]
    govqa check   [--agency A] [--year Y] [--all] [--format table|json]

Exit codes: 0 success; 1 a file failed to ingest, or an error (one line, never a traceback);
2 bad usage.

Adding commands (``ask``, ``serve``, ``eval``): decorate them with :func:`register` (or call
``cli.add_command``), wrap the body with :func:`friendly_errors` for the one-line error contract,
and use :func:`store_option` for ``--store``::

    @register
    @click.command()
    @store_option
    @friendly_errors
    def ask(store, ...): ...
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from . import api

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "csv", "json")


@click.group(name="govqa", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govqa", prog_name="govqa")
def cli() -> None:
    """GovQA: questions about China's government information-disclosure annual reports
    (政府信息公开工作年度报告), answered from the reports' own figures, with citations."""


govqa = cli


def register(command: click.Command) -> click.Command:
    """Add a subcommand to ``govqa`` (usable as a decorator above ``@click.command()``)."""
    cli.add_command(command)
    return command


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point (``govqa = "assistant.cli:main"``)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="govqa")


# ---------------------------------------------------------------------------
# Shared options and error handling
# ---------------------------------------------------------------------------


def store_option(fn: F) -> F:
    return click.option("--store", "store", type=click.Path(file_okay=False), default=None,
                        help="Store folder (default: $GOVQA_HOME, else ./.govqa).")(fn)


def filter_options(fn: F) -> F:
    fn = click.option("--year", type=click.IntRange(1990, 2100), default=None, help="Report year.")(fn)
    fn = click.option("--agency", default=None,
                      help="Agency name or part of it (桦川县 matches 桦川县人民政府).")(fn)
    return fn


def format_option(choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default="table", show_default=True,
                        help="Output format.")


def friendly_errors(fn: F) -> F:
    """Turn every error into one ``Error: …`` line and exit code 1 (usage errors keep click's 2)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (api.StoreError, api.StoreBusy, api.NotFound, ValueError, OSError) as exc:
            raise click.ClickException(_one_line(str(exc)) or type(exc).__name__) from None
        except Exception as exc:  # noqa: BLE001 — never a traceback
            raise click.ClickException(f"internal error: {type(exc).__name__}: {_one_line(str(exc))}") from None

    return wrapper  # type: ignore[return-value]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160,
                   highlight=False, soft_wrap=False, markup=False, emoji=False)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _echo_csv(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
                         for k, v in row.items()})
    click.echo(buf.getvalue(), nl=False)


def _table(title: str | None, columns: Sequence[str], rows: list[Sequence[Any]]) -> None:
    from rich.table import Table

    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*("" if v is None else str(v) for v in r))
    _console().print(t)


def _fmt_num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return str(v)


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@store_option
@click.option("--agency", default=None, help="Agency for every file (overrides what the report says).")
@click.option("--year", type=click.IntRange(1990, 2100), default=None,
              help="Report year for every file (overrides what the report says).")
@click.option("--vectors/--no-vectors", default=None,
              help="Build the vector index too (default: on, $GOVQA_VECTORS); --no-vectors: figures only.")
@click.option("--progress/--no-progress", default=True, help="Progress bar on stderr (terminals only).")
@friendly_errors
def ingest(paths: tuple[str, ...], store: str | None, agency: str | None, year: int | None,
           vectors: bool | None, progress: bool) -> None:
    """Read report files and folders into the store (no PATH: the bundled sample report).

    Supported: .txt .md .html .htm .pdf .docx. Exit code 1 when any file failed.
    """
    summary = api.ingest(list(paths), store=store, agency=agency, year=year, progress=progress, vectors=vectors)
    c = summary.counts()
    click.echo(f"ingested {c['ingested']} report{'s' if c['ingested'] != 1 else ''} "
               f"({c['added']} added, {c['replaced']} replaced), {c['unchanged']} unchanged, "
               f"{c['failed']} failed, {c['skipped']} skipped — store: {summary.store}")
    for r in summary.ingested:
        click.echo(f"  {r.outcome}: {r.path} → {r.agency} {r.year} ({r.n_figures} figures, "
                   f"{r.n_passages} passages) [{r.report_id}]")
    for r in summary.unchanged:
        click.echo(f"  unchanged: {r.path} → {r.agency} {r.year} [{r.report_id}]"
                   + (f" — {r.reason}" if r.reason else ""))
    for path, reason in summary.failed:
        click.echo(f"  failed: {path}: {reason}")
    for path, reason in summary.skipped:
        click.echo(f"  skipped: {path}: {reason}")
    if summary.failing_checks:
        click.echo("reports with failing checks:")
        for rid, ag, yr, n in summary.failing_checks:
            click.echo(f"  {ag} {yr}: {n} failing check{'s' if n != 1 else ''} [{rid}] — "
                       f"see: govqa check --agency {ag} --year {yr}")
    if not summary.ok:
        sys.exit(1)


@cli.command()
@store_option
@click.option("--rebuild", is_flag=True, help="Drop the whole vector index and embed every stored passage again.")
@click.option("--json", "as_json", is_flag=True, help="Print what was fixed as JSON.")
@friendly_errors
def repair(store: str | None, rebuild: bool, as_json: bool) -> None:
    """Make the vector index agree with the figures store, from the stored passages (the original
    files are not needed): vectors of reports no longer stored go, missing or incomplete ones are
    embedded again. Says what it fixed."""
    result = api.repair(store=store, rebuild=rebuild, notify=lambda m: click.echo(m, err=True))
    if as_json:
        _echo_json(result.to_dict())
        return
    for line in result.lines():
        click.echo(line)


REPORT_COLUMNS = ("report_id", "agency", "year", "copy", "format", "title", "source_kind", "n_figures", "n_passages",
                  "n_failed_checks", "ingested_at", "source_path", "copy_of")


@cli.command()
@store_option
@filter_options
@format_option()
@friendly_errors
def reports(store: str | None, agency: str | None, year: int | None, fmt: str) -> None:
    """List the stored reports, newest first; a report stored more than once is marked canonical or copy."""
    records = sorted(api.reports(agency=agency, year=year, store=store), key=lambda r: (r.year, r.ingested_at),
                     reverse=True)
    roles = api.canonical_copies(records)
    rows = [r.to_dict() | {"copy": roles.get(r.report_id, "")} for r in records]
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "csv":
        _echo_csv(rows, REPORT_COLUMNS)
    else:
        _table(f"{len(rows)} report{'s' if len(rows) != 1 else ''}",
               ("agency", "year", "copy", "format", "figures", "failing checks", "kind", "title", "report id"),
               [(r["agency"], r["year"], r["copy"], r["format"], r["n_figures"], r["n_failed_checks"], r["source_kind"],
                 r["title"], r["report_id"]) for r in rows])


FIGURE_COLUMNS = ("report_id", "agency", "year", "table", "row_id", "column_id", "row_label", "column_label",
                  "row_english", "column_english", "value", "unit", "blank", "status", "check_status", "raw",
                  "location_text")
#: More reports than this need --long (or a narrower --agency / --year) for the grid view.
MAX_GRIDS = 6


@cli.command()
@store_option
@filter_options
@click.option("--table", "table", type=click.Choice(["2", "3", "4"]), default=None,
              help="表二, 表三 or 表四.")
@click.option("--row", default=None, help="Row id (e.g. granted, new, denied.1); implies --long.")
@click.option("--column", default=None, help="Column id (e.g. total, natural); implies --long.")
@click.option("--long", "long_list", is_flag=True, help="One line per cell instead of the official grids.")
@format_option()
@friendly_errors
def figures(store: str | None, agency: str | None, year: int | None, table: str | None, row: str | None,
            column: str | None, long_list: bool, fmt: str) -> None:
    """Show stored figures: the official grids (表二, 表三, 表四) of each report, or with --long
    (and in csv/json) one row per cell with labels, status and source.

    \b
    Grid marks: R reconstructed, ? uncertain, = blank but implied, ! fails a check,
    (blank) printed blank, — not in the report.
    """
    if fmt == "table" and not (long_list or row or column):
        _print_grids(store, agency, year, int(table) if table else None)
        return
    records = api.figures(agency=agency, year=year, table=int(table) if table else None, row=row, column=column,
                          store=store)
    rows = [f.to_dict() for f in records]
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "csv":
        _echo_csv(rows, FIGURE_COLUMNS)
    elif not rows:
        click.echo("no figures match")
    else:
        _table(f"{len(rows)} figure{'s' if len(rows) != 1 else ''}",
               ("agency", "year", "table", "row", "column", "value", "unit", "check", "where"),
               [(r["agency"], r["year"], r["table"], r["row_label"], r["column_label"], _fmt_num(r["value"]),
                 r["unit"], r["check_status"], r["location_text"]) for r in rows])


def _print_grids(store: str | None, agency: str | None, year: int | None, table: int | None) -> None:
    from . import grids

    records = api.reports(agency=agency, year=year, store=store)
    roles = api.canonical_copies(records)
    shown = sorted((r for r in records if roles.get(r.report_id) != "copy"), key=lambda r: (r.agency, -r.year))
    if len(shown) > MAX_GRIDS:
        raise click.ClickException(f"{len(shown)} reports match: name one with --agency and --year, "
                                   "or list every cell with --long")
    for r in shown:
        figs = {f.key: f for f in api.figures(report_id=r.report_id, store=store)}
        copies = [x.report_id for x in records if x.agency == r.agency and x.year == r.year and x is not r]
        click.echo(f"{r.title or r.agency} · {r.agency} {r.year} · format {r.format} · [{r.report_id}]"
                   + (f" · canonical copy (other copies: {', '.join(copies)})" if copies else ""))
        for g in grids.tables(figs, r.format):
            if table is not None and g.table != table:
                continue
            for t in grids.plain_tables(g):
                _table(t.title, t.columns or [""] * (len(t.rows[0]) if t.rows else 1), t.rows)


@cli.command()
@store_option
@filter_options
@click.option("--all", "show_all", is_flag=True, help="Show passing checks too.")
@format_option(("table", "json"))
@friendly_errors
def check(store: str | None, agency: str | None, year: int | None, show_all: bool, fmt: str) -> None:
    """Show the arithmetic rules (勾稽关系) each report fails, in words, with the values on both
    sides and the cell most likely wrong (with --all: every check)."""
    from . import grids

    records = api.check(agency=agency, year=year, failing_only=not show_all, store=store)
    if fmt == "json":
        _echo_json([c.to_dict() for c in records])
        return
    if not records:
        click.echo("every check passes" if not show_all else "no checks stored")
        return
    reports = {r.report_id: r for r in api.reports(agency=agency, store=store)}
    figs = {rid: {f.key: f for f in api.figures(report_id=rid, store=store)} for rid in {c.report_id for c in records}}
    views = grids.explain(records, figs, {rid: r.format for rid, r in reports.items()},
                          {rid: r.year for rid, r in reports.items()})
    click.echo(f"{sum(not v.passed for v in views)} failing of {len(views)} shown")
    for v in views:
        click.echo(f"{'FAIL' if not v.passed else 'pass'} {v.agency} {v.year} · {v.rule} {v.words} "
                   f"({v.english}; {v.scope}) [{v.report_id}]")
        click.echo(f"  {v.sentence}")
        if not v.passed:
            click.echo(f"  difference {_fmt_num(v.difference)}; most likely wrong: "
                       + (f"{v.suspect.label} = {v.suspect.text} — {v.suspect_reason}" if v.suspect
                          else v.suspect_reason))


ASK_EXAMPLES = (
    "2020年桦川县收到多少件政府信息公开申请",
    "how many applications were fully disclosed in 2020",
    "桦川县2020年行政复议有多少件？",
    "What problems does the report identify?",
)


@cli.command(epilog="\b\nExamples:\n" + "\n".join(f'  govqa ask "{q}"' for q in ASK_EXAMPLES))
@click.argument("question", nargs=-1, required=True)
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (the library contract).")
@friendly_errors
def ask(question: tuple[str, ...], store: str | None, as_json: bool) -> None:
    """Answer a question about the stored reports, with citations: figures from the reports' own
    tables, narrative answers quoted from the text, in Chinese or English."""
    from .render import answer_text

    answer = api.ask(" ".join(question), store=store)
    if as_json:
        _echo_json(answer.to_dict())
        return
    click.echo(answer_text(answer))


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost unless told).")
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True)
@friendly_errors
def serve(store: str | None, host: str, port: int) -> None:
    """Start the web app (Ask, Figures, Reports)."""
    import ui

    ui.serve(store=store, host=host, port=port)


class _LazyEvalGroup(click.Group):
    """``govqa eval generate|run`` from the evaluation package, imported only when ``eval`` is used
    (it cost every other command ~0.15 s of start-up)."""

    def _group(self) -> click.Group | None:
        if not hasattr(self, "_loaded"):
            self._loaded: click.Group | None = None
            try:
                from eval.cli import cli as eval_group
            except ImportError:  # pragma: no cover - eval is part of the package
                return None
            try:
                from eval.run_cli import run as run_command

                if "run" not in eval_group.commands:
                    eval_group.add_command(run_command)
            except ImportError:
                pass
            self._loaded = eval_group
        return self._loaded

    def list_commands(self, ctx: click.Context) -> list[str]:
        group = self._group()
        return group.list_commands(ctx) if group else []

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        group = self._group()
        return group.get_command(ctx, cmd_name) if group else None


cli.add_command(_LazyEvalGroup("eval", help="Synthetic corpus and evaluation."))


__all__ = ["cli", "govqa", "main", "register", "store_option", "filter_options", "format_option",
           "friendly_errors"]


if __name__ == "__main__":  # pragma: no cover
    main()
