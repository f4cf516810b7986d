"""The :class:`FiguresStore`: one object over one database, writing one transaction per report."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Text, and_, cast, func, or_, select, tuple_
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..reportformat import CellKey
from ..types import Location, ParsedReport, Passage, PassageRecord
from . import totals, writes
from .copies import _copy_ranking, _regroup_copies
from .dialects import StoreError, _make_engine, _shown, sqlite_path
from .locking import _write
from .migrations import migrate, pending_migrations
from .queries import _failing_cells, _fold, _location
from .records import (
    CellTotal,
    CheckRecord,
    CheckStatus,
    FigureRecord,
    PutOutcome,
    ReportRecord,
    SourceLine,
    TopReport,
    WriteInfo,
    _cell_order,
    _num,
    _report_record,
)
from .schema import (
    cell_totals_t,
    checks_t,
    figures_t,
    passages_t,
    reports_t,
    sources_t,
    year_cells_t,
    year_reports_t,
)


class FiguresStore:
    """Reports, figures, checks, passages and source lines in one SQL database.

    Args:
        url: a SQLAlchemy database URL (``sqlite:///path/figures.sqlite``, ``postgresql://…``).
            A SQLite file's folder is created when missing; the schema is migrated on open.

    Raises:
        StoreError: the URL is malformed or the database cannot be opened or migrated.
    """

    def __init__(self, url: str):
        self.url = url
        try:
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = _make_engine(url)
            # Every open used to migrate under BEGIN IMMEDIATE: a reader then waited for any writer.
            if pending_migrations(self.engine):
                migrate(self.engine)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url!r}") from exc
        except (SQLAlchemyError, OSError) as exc:
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the figures store at {_shown(url)}: {reason}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> FiguresStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"FiguresStore({_shown(self.url)!r})"

    # ----- writing ---------------------------------------------------------

    def put_report(
        self,
        report: ParsedReport,
        passages: Sequence[Passage],
        *,
        before_commit: Callable[[WriteInfo], None] | None = None,
    ) -> PutOutcome:
        """Store one parsed report and its passages in one transaction.

        - a stored report with the same content (sha256) and the same agency and year: nothing is
          written, returns ``"unchanged"``;
        - a stored report of the same agency and year from the same source path or file name,
          with other content (or the same content under another identity): it is deleted and the
          new one inserted in the same transaction, returns ``"replaced"``;
        - otherwise the report is inserted, returns ``"added"``.

        Then rule X-1 is computed against the stored reports of the same agency for year − 1 and
        year + 1 and stored (against the later report of each pair).

        Args:
            report: the parsed report (identity, figures, checks, source).
            passages: the chunks of the report, stored in this order (``idx`` 0, 1, …).
            before_commit: called inside the transaction, after every row is written and before
                the commit (not for ``"unchanged"``); if it raises, the transaction rolls back and
                the exception propagates. The pipeline updates the vector index here.

        Raises:
            ValueError: two figures of the report share a cell.
            Any database error or an exception from ``before_commit``; the store is then as before.
        """
        writes._check_unique(report.figures)
        ident = report.identity
        src = report.source
        name = Path(src.path).name if src.path else ""
        with _write(self.engine) as conn:
            same_content = conn.execute(
                select(reports_t.c.report_id, reports_t.c.agency, reports_t.c.year)
                .where(reports_t.c.sha256 == src.sha256)).all()
            if any(r.agency == ident.agency and r.year == ident.year for r in same_content):
                return "unchanged"
            slot = conn.scalars(
                select(reports_t.c.report_id).where(and_(
                    reports_t.c.agency == ident.agency, reports_t.c.year == ident.year,
                    or_(reports_t.c.source_path == src.path, reports_t.c.source_name == name)))).all()
            same_id = conn.scalars(select(reports_t.c.report_id)
                                   .where(reports_t.c.report_id == report.report_id)).all()
            old_ids = tuple(dict.fromkeys([*(r.report_id for r in same_content), *slot, *same_id]))
            groups = {(ident.agency, ident.year), *((r.agency, r.year) for r in conn.execute(
                select(reports_t.c.agency, reports_t.c.year).where(reports_t.c.report_id.in_(old_ids))))}
            totals.apply(conn, totals.canonical_ids(conn, groups), -1)
            touched: set[str] = set()
            if old_ids:
                touched |= writes._delete_reports(conn, old_ids)
            writes._insert_report(conn, report)
            writes._insert_figures(conn, report.report_id, report.figures)
            writes._insert_checks(conn, report.report_id, report.checks)
            records = writes._insert_passages(conn, report, passages)
            writes._insert_sources(conn, report)
            touched |= writes._update_carry_over(conn, report.report_id, ident.agency, ident.year)
            touched.add(report.report_id)
            writes._refresh_failed_counts(conn, touched)
            for agency, year in {(ident.agency, ident.year), *((r.agency, r.year) for r in same_content)}:
                _regroup_copies(conn, agency, year)
            totals.apply(conn, totals.canonical_ids(conn, groups), 1)
            outcome: Literal["added", "replaced"] = "replaced" if old_ids else "added"
            if before_commit is not None:
                copy_of = conn.scalar(select(reports_t.c.copy_of).where(reports_t.c.report_id == report.report_id))
                before_commit(WriteInfo(report.report_id, outcome, old_ids, records, copy_of))
            return outcome

    def delete_report(self, report_id: str) -> bool:
        """Delete a report with all its rows (and the X-1 checks that involve it); False if absent."""
        with _write(self.engine) as conn:
            exists = conn.scalar(select(func.count()).select_from(reports_t)
                                 .where(reports_t.c.report_id == report_id))
            if not exists:
                return False
            gone = conn.execute(select(reports_t.c.agency, reports_t.c.year)
                                .where(reports_t.c.report_id == report_id)).one()
            group = [(gone.agency, gone.year)]
            totals.apply(conn, totals.canonical_ids(conn, group), -1)
            touched = writes._delete_reports(conn, (report_id,))
            writes._refresh_failed_counts(conn, touched)
            _regroup_copies(conn, gone.agency, gone.year)
            totals.apply(conn, totals.canonical_ids(conn, group), 1)
            return True

    # ----- reading ---------------------------------------------------------

    def match_agencies(self, query: str, conn: Connection | None = None) -> list[str]:
        """Stored agency names that ``query`` names: the exact name, else every name containing it
        (``桦川县`` → ``桦川县人民政府``) or contained in it; full/half width and spaces ignored.
        ``conn``: read in this connection (a read that is already open: no second checkout)."""
        # A stored name (what the assistant passes) is one index probe; listing every agency to
        # compare took ~10 ms a question at 100,000 reports.
        probe = select(reports_t.c.report_id).where(reports_t.c.agency == query).limit(1)
        if conn is not None:
            found = conn.scalar(probe)
        else:
            with self.engine.connect() as own:
                found = own.scalar(probe)
        if found is not None:
            return [query]
        names = self.agencies()
        if query in names:
            return [query]
        q = _fold(query)
        if not q:
            return []
        exact = [n for n in names if _fold(n) == q]
        if exact:
            return exact
        return [n for n in names if q in _fold(n) or _fold(n) in q]

    def agencies(self) -> list[str]:
        """Every stored agency name, sorted."""
        with self.engine.connect() as conn:
            return list(conn.scalars(select(reports_t.c.agency).distinct().order_by(reports_t.c.agency)))

    def years(self, agency: str | None = None) -> list[int]:
        """The report years stored (for an agency, matched as in :meth:`match_agencies`), ascending."""
        q = select(reports_t.c.year).distinct().order_by(reports_t.c.year)
        if agency is not None:
            q = q.where(reports_t.c.agency.in_(self.match_agencies(agency)))
        with self.engine.connect() as conn:
            return list(conn.scalars(q))

    def reports(self, agency: str | None = None, year: int | None = None,
                sha256: str | None = None) -> list[ReportRecord]:
        """The stored reports, by agency then year; ``agency`` is matched as in :meth:`match_agencies`;
        ``sha256`` selects the reports read from a file with that content."""
        n_fig = (select(figures_t.c.report_id, func.count().label("n")).group_by(figures_t.c.report_id)
                 .subquery())
        n_pas = (select(passages_t.c.report_id, func.count().label("n")).group_by(passages_t.c.report_id)
                 .subquery())
        q = (select(reports_t, n_fig.c.n.label("n_figures"), n_pas.c.n.label("n_passages"))
             .outerjoin(n_fig, n_fig.c.report_id == reports_t.c.report_id)
             .outerjoin(n_pas, n_pas.c.report_id == reports_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, reports_t.c.ingested_at))
        q = self._filter(q, agency, year)
        if sha256 is not None:
            q = q.where(reports_t.c.sha256 == sha256)
        with self.engine.connect() as conn:
            return [_report_record(r) for r in conn.execute(q)]

    def report(self, report_id: str) -> ReportRecord | None:
        """One stored report, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(reports_t).where(reports_t.c.report_id == report_id)).first()
            if row is None:
                return None
            n_figures = conn.scalar(select(func.count()).select_from(figures_t)
                                    .where(figures_t.c.report_id == report_id))
            n_passages = conn.scalar(select(func.count()).select_from(passages_t)
                                     .where(passages_t.c.report_id == report_id))
        return _report_record(row, n_figures, n_passages)

    def copies(self, agency: str | None = None, year: int | None = None) -> list[list[ReportRecord]]:
        """Reports stored more than once (same agency and year, from different files): one list per
        report, the canonical copy first, then the others from the most to the least trusted."""
        groups: dict[tuple[str, int], list[ReportRecord]] = {}
        for r in self.reports(agency=agency, year=year):
            groups.setdefault((r.agency, r.year), []).append(r)
        out = []
        for records in groups.values():
            if len(records) > 1:
                ranks = {rid: i for i, rid in enumerate(self._copy_ranking(records[0].agency, records[0].year))}
                out.append(sorted(records, key=lambda r: ranks.get(r.report_id, len(ranks))))
        return out

    def copy_differences(self, report_id: str) -> list[tuple[FigureRecord, FigureRecord]]:
        """Cells where another copy of this report's agency and year holds a different value:
        (the canonical copy's cell, the other copy's cell)."""
        rec = self.report(report_id)
        if rec is None:
            return []
        figs = [f for f in self.figures(agency=rec.agency, year=rec.year) if f.agency == rec.agency]
        canon = {f.key: f for f in figs if f.canonical}
        return [(canon[f.key], f) for f in figs
                if not f.canonical and f.key in canon and f.value != canon[f.key].value]

    def _copy_ranking(self, agency: str, year: int) -> list[str]:
        with self.engine.connect() as conn:
            return _copy_ranking(conn, agency, year)

    def figures(
        self,
        agency: str | None = None,
        year: int | None = None,
        table: int | None = None,
        row: str | None = None,
        column: str | None = None,
        report_id: str | None = None,
        cells: Collection[CellKey] | None = None,
        canonical_only: bool = False,
        groups: Collection[tuple[str, int]] | None = None,
    ) -> list[FigureRecord]:
        """Stored figures with their report identity and check status, in report then cell order.

        Args:
            agency: an agency name or part of one (see :meth:`match_agencies`).
            year: the report year.
            table: 2, 3 or 4.
            row, column: reportformat row and column ids (``"granted"``, ``"total"``).
            report_id: one report.
            cells: only these cells (a metric's, across every agency: not whole tables).
            canonical_only: only the canonical copy of each report (what Figures, comparisons,
                trends and CSV show); each record says whether it is canonical either way.
            groups: only the reports of these (stored agency name, year) pairs, every copy (the
                few reports a ranking cites, in one read).
        """
        # Everything but the location as stored; the location as its JSON text, parsed once per
        # distinct text (a question across every agency reads thousands of cells).
        cols = [c for c in figures_t.c if c.name != "location"]
        q = (select(*cols, cast(figures_t.c.location, Text).label("location_json"), reports_t.c.agency,
                    reports_t.c.year, reports_t.c.title, reports_t.c.format, reports_t.c.source_path,
                    reports_t.c.copy_of)
             .join(reports_t, reports_t.c.report_id == figures_t.c.report_id))
        # The reports first (the agency/year or year index), then their cells by primary key, as a
        # subquery (no id list to send): left to itself the planner walks every report's cells of
        # the table and filters late (236 ms at 1,000 reports instead of a few).
        if canonical_only:
            q = q.where(reports_t.c.copy_of.is_(None))
        if table is not None:
            q = q.where(figures_t.c.table_no == table)
        if row is not None:
            q = q.where(figures_t.c.row_id == row)
        if column is not None:
            q = q.where(figures_t.c.column_id == column)
        if cells is not None:
            # rows × columns is a superset of the pairs; exact pairs are kept below
            q = q.where(figures_t.c.row_id.in_(sorted({k.row for k in cells})),
                        figures_t.c.column_id.in_(sorted({k.column for k in cells})))
        if report_id is not None:
            q = q.where(figures_t.c.report_id == report_id)
        with self.engine.connect() as conn:  # one read transaction: cells and checks of one version
            # The agency as a stored name first (what the assistant passes): one round trip fewer
            # than resolving it; only when that finds nothing is the name matched (match_agencies).
            by_report = (self._filter(select(reports_t.c.report_id), None, year)
                         if agency is not None or year is not None else None)
            if groups is not None:
                pairs = sorted(set(groups))
                if not pairs:
                    return []
                # agencies × years (a superset when several years: the pairs are kept below); a
                # row-value IN of the pairs made SQLite walk the whole reports table
                by_report = (by_report if by_report is not None else select(reports_t.c.report_id)).where(
                    reports_t.c.agency.in_(sorted({a for a, _ in pairs})),
                    reports_t.c.year.in_(sorted({y for _, y in pairs})))
            if agency is not None:
                assert by_report is not None
                exact = by_report.where(reports_t.c.agency == agency)
                rows = conn.execute(q.where(figures_t.c.report_id.in_(exact.scalar_subquery()))).all()
                names = [agency] if rows else self.match_agencies(agency, conn)
                by_report = exact if names == [agency] else by_report.where(reports_t.c.agency.in_(names))
                if names != [agency]:
                    rows = conn.execute(q.where(figures_t.c.report_id.in_(by_report.scalar_subquery()))).all()
            else:
                if by_report is not None:
                    q = q.where(figures_t.c.report_id.in_(by_report.scalar_subquery()))
                rows = conn.execute(q).all()
            if not rows:
                return []
            ids: Collection[str] | Any = ({report_id} if report_id is not None
                                          else by_report if by_report is not None else {r.report_id for r in rows})
            failing = _failing_cells(conn, ids)
        wanted = set(cells) if cells is not None else None
        in_groups = set(groups) if groups is not None else None
        out = []
        for r in rows:
            key = CellKey(r.table_no, r.row_id, r.column_id)
            if wanted is not None and key not in wanted:
                continue
            if in_groups is not None and (r.agency, r.year) not in in_groups:
                continue
            if key in failing.get(r.report_id, ()):
                status: CheckStatus = "fails"
            elif r.status in ("reconstructed", "uncertain", "implied"):
                status = r.status
            else:
                status = "passes"
            out.append(FigureRecord(
                report_id=r.report_id, agency=r.agency, year=r.year, title=r.title, format=r.format,
                source_path=r.source_path, key=key, value=_num(r.value), blank=bool(r.blank), status=r.status,
                raw=r.raw, source_text=r.source_text, location=_location(r.location_json), rule=r.rule,
                note=r.note, check_status=status, canonical=r.copy_of is None))
        order = _cell_order()
        out.sort(key=lambda f: (f.agency, f.year, f.report_id, order(f.format, f.key)))
        return out

    def checks(self, agency: str | None = None, year: int | None = None,
               failing_only: bool = False, report_id: str | None = None) -> list[CheckRecord]:
        """Stored check results (X-1 under the later report), failing ones first within a report."""
        q = (select(checks_t, reports_t.c.agency, reports_t.c.year)
             .join(reports_t, reports_t.c.report_id == checks_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, checks_t.c.report_id, checks_t.c.id))
        q = self._filter(q, agency, year)
        if failing_only:
            q = q.where(checks_t.c.passed == False)  # noqa: E712  (SQL expression)
        if report_id is not None:
            q = q.where(checks_t.c.report_id == report_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [CheckRecord(
            report_id=r.report_id, agency=r.agency, year=r.year, rule=r.rule, scope=r.scope,
            cells=tuple(CellKey.parse(c) for c in r.cells), expected=_num(r.expected), found=_num(r.found),
            passed=bool(r.passed), detail=r.detail, other_report_id=r.other_report_id) for r in rows]

    def passage_records(self, report_id: str | None = None) -> list[PassageRecord]:
        """Every stored passage (or one report's) with its report identity, as retrieval sees it."""
        q = (select(passages_t, reports_t.c.agency, reports_t.c.year, reports_t.c.title)
             .join(reports_t, reports_t.c.report_id == passages_t.c.report_id)
             .order_by(reports_t.c.agency, reports_t.c.year, passages_t.c.report_id, passages_t.c.idx))
        if report_id is not None:
            q = q.where(passages_t.c.report_id == report_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [PassageRecord(
            passage_id=f"{r.report_id}:{r.idx}", report_id=r.report_id, agency=r.agency, year=r.year,
            title=r.title,
            passage=Passage(text=r.text, section=r.section, section_path=tuple(r.section_path),
                            location=Location.from_dict(r.location), kind=r.kind,
                            cell=CellKey.parse(r.cell) if r.cell else None)) for r in rows]

    def source_lines(self, report_id: str, start: int | None = None, end: int | None = None) -> list[SourceLine]:
        """The report's source lines in reading order; ``start``/``end`` bound the 0-based index."""
        q = select(sources_t).where(sources_t.c.report_id == report_id).order_by(sources_t.c.idx)
        if start is not None:
            q = q.where(sources_t.c.idx >= start)
        if end is not None:
            q = q.where(sources_t.c.idx < end)
        with self.engine.connect() as conn:
            return [SourceLine(r.idx, r.line_no, r.page, r.text) for r in conn.execute(q)]

    def cell_totals(self, year: int, cells: Collection[CellKey]) -> list[CellTotal]:
        """Each cell added up over the canonical reports of ``year``, in ``cells`` order: a question
        across every agency of a year without reading thousands of cells. Read from the per-year
        aggregate that every write keeps exact in its own transaction (:mod:`.totals`)."""
        keys = list(dict.fromkeys(cells))
        if not keys:
            return []
        ct = cell_totals_t
        with self.engine.connect() as conn:
            n_reports = conn.scalar(select(year_reports_t.c.n).where(year_reports_t.c.year == year)) or 0
            got = {CellKey(r.table_no, r.row_id, r.column_id): r for r in conn.execute(select(ct).where(
                ct.c.year == year, tuple_(ct.c.table_no, ct.c.row_id, ct.c.column_id).in_(
                    [(k.table, k.row, k.column) for k in keys])))}
        out = []
        for k in keys:
            r = got.get(k)
            n, unsure = (r.n, r.n_uncertain) if r else (0, 0)
            total = _num(round(r.total, 2)) if r else 0  # amounts to the fen: no float residue
            out.append(CellTotal(key=k, year=year, total=total or 0, reports=n - unsure, uncertain=unsure,
                                 missing=n_reports - n))
        return out

    def top_reports(self, year: int, cells: Collection[CellKey], k: int) -> list[TopReport]:
        """The ``k`` canonical reports of ``year`` with the highest value of a cell, or of the sum
        of several cells, highest first; equal values by agency name in code point order (as
        Python sorts names; then by report id). A report counts only when it holds every one of
        ``cells`` read for certain (a blank as 0), as ``assistant.lookup.metric_value`` requires.

        Read from ``year_cells`` (kept exact by every write, :mod:`.totals`): one cell, or one
        derived sum of the format (kept per report, :func:`.totals.summed_key`), is the top of one
        key range, ORDER BY value DESC … LIMIT k; other sets of cells are added up per report
        first (each report of the year holding them is read once)."""
        keys = list(dict.fromkeys(cells))
        if not keys or k < 1:
            return []
        summed = totals.summed_key(keys) if len(keys) > 1 else None
        if summed is not None:  # a derived sum of the format: each report's sum is kept as a key
            keys = [summed]
        yc = year_cells_t
        in_year = [yc.c.year == year]
        if len(keys) == 1:
            key = keys[0]
            in_year += [yc.c.table_no == key.table, yc.c.row_id == key.row, yc.c.column_id == key.column]
            per_report = select(yc.c.report_id, yc.c.value).where(*in_year).subquery()
        else:
            # an IN list a key column (index seeks on every combination: a row-value IN made
            # SQLite read the whole year), then the exact pairs when the keys are not a product
            in_year += [yc.c.table_no.in_(sorted({c.table for c in keys})),
                        yc.c.row_id.in_(sorted({c.row for c in keys})),
                        yc.c.column_id.in_(sorted({c.column for c in keys}))]
            if len({c.table for c in keys}) * len({c.row for c in keys}) * len({c.column for c in keys}) > len(keys):
                in_year.append(tuple_(yc.c.table_no, yc.c.row_id, yc.c.column_id).in_(
                    [(c.table, c.row, c.column) for c in keys]))
            per_report = (select(yc.c.report_id, func.sum(yc.c.value).label("value")).where(*in_year)
                          .group_by(yc.c.report_id).having(func.count() == len(keys))).subquery()
        agency: Any = reports_t.c.agency
        if self.engine.dialect.name == "postgresql":
            agency = agency.collate("C")  # the database's own collation may order names otherwise
        q = (select(per_report.c.report_id, per_report.c.value, reports_t.c.agency)
             .join(reports_t, reports_t.c.report_id == per_report.c.report_id)
             .order_by(per_report.c.value.desc(), agency, per_report.c.report_id).limit(k))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [TopReport(r.report_id, r.agency, year, _num(round(r.value, 2)) or 0) for r in rows]

    def has_copies(self, year: int) -> bool:
        """Whether any report of ``year`` is stored more than once (a partial index: one probe)."""
        with self.engine.connect() as conn:
            return conn.scalar(select(reports_t.c.report_id).where(
                reports_t.c.year == year, reports_t.c.copy_of.isnot(None)).limit(1)) is not None

    def counts(self) -> dict[str, int]:
        """Row counts: reports, figures, checks, failing_checks, passages, sources."""
        with self.engine.connect() as conn:
            out = {t.name: conn.scalar(select(func.count()).select_from(t)) or 0
                   for t in (reports_t, figures_t, checks_t, passages_t, sources_t)}
            out["failing_checks"] = conn.scalar(
                select(func.count()).select_from(checks_t).where(checks_t.c.passed == False)) or 0  # noqa: E712
        return out

    def _filter(self, q: Any, agency: str | None, year: int | None, conn: Connection | None = None) -> Any:
        if agency is not None:
            q = q.where(reports_t.c.agency.in_(self.match_agencies(agency, conn)))
        if year is not None:
            q = q.where(reports_t.c.year == year)
        return q


# ---------------------------------------------------------------------------
