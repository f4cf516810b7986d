"""FiguresStore.top_reports: the highest canonical reports of a year by a cell or a sum of cells,
against the generator's truth, and ``year_cells`` still exact after a replacement, a second copy,
an uncertain cell and a deletion. Runs on SQLite and on PostgreSQL (tests/conftest.py
``database_url``)."""

from __future__ import annotations

import dataclasses
import hashlib

from sqlalchemy import select

from bench.synthstore import parsed_report
from eval.synth import generate_truths
from index import reportformat as rf
from index.figures_store import FiguresStore, year_cells_t
from index.figures_store import totals as _totals
from index.figures_store import totals as store_totals
from index.reportformat import CellKey

YEAR = 2021
GRANTED = CellKey(3, "granted", "total")
DENIED = [CellKey(3, "denied.1", "total"), CellKey(3, "denied.2", "total")]
ALL_DENIED = [CellKey(3, r, "total") for r in rf.DERIVED_BY_ID["denied"].parts]  # kept per report
LITIGATION = [CellKey(4, rf.T4_ROW.id, p) for p in rf.DERIVED_BY_ID["litigation_total"].parts]
MIXED = [GRANTED, CellKey(3, "new", "natural")]  # not rows × columns: (granted, natural) is not asked


def _expected(truths, keys, k):
    scored = sorted(((sum(t.cells()[c] for c in keys), t.agency.name, t.report_id) for t in truths),
                    key=lambda x: (-x[0], x[1], x[2]))
    return [(r, a, v) for v, a, r in scored[:k]]


def _got(store: FiguresStore, keys, k):
    return [(t.report_id, t.agency, t.value) for t in store.top_reports(YEAR, keys, k)]


def test_top_reports_follow_every_write(database_url: str) -> None:
    truths = generate_truths(8, [2020, YEAR], seed=5)
    year_truths = [t for t in truths if t.year == YEAR]
    assert all(k in year_truths[0].cells() for k in [GRANTED, *DENIED])
    with FiguresStore(database_url) as store:
        for t in truths:
            assert store.put_report(*parsed_report(t)) == "added"
        assert not store.has_copies(YEAR)
        for k in (1, 3, 8, 20):
            assert _got(store, [GRANTED], k) == _expected(year_truths, [GRANTED], k)
            assert _got(store, DENIED, k) == _expected(year_truths, DENIED, k)
            assert _got(store, MIXED, k) == _expected(year_truths, MIXED, k)
            assert _got(store, ALL_DENIED, k) == _expected(year_truths, ALL_DENIED, k)
            assert _got(store, LITIGATION, k) == _expected(year_truths, LITIGATION, k)
        assert _totals.summed_key(ALL_DENIED) == CellKey(3, "Σdenied", "total")
        assert _totals.summed_key(DENIED) is None and _totals.summed_key(MIXED) is None
        assert len(_got(store, [GRANTED], 20)) == 8  # fewer reports than k: every one
        assert store.top_reports(1999, [GRANTED], 3) == []

        # a tie at the k-th place: broken by the agency's name, as Python orders names
        top3 = _expected(year_truths, [GRANTED], 3)
        tied_truth = next(t for t in year_truths if t.report_id not in {r for r, _, _ in top3})
        report, passages = parsed_report(tied_truth)
        report.figures = [dataclasses.replace(f, value=top3[1][2]) if f.key == GRANTED else f for f in report.figures]
        report.source.sha256 = hashlib.sha256(b"tie").hexdigest()
        assert store.put_report(report, passages) == "replaced"
        tied = sorted([top3[1][1], tied_truth.agency.name])
        assert [a for _, a, _ in _got(store, [GRANTED], 3)] == [top3[0][1], *tied]
        assert [v for _, _, v in _got(store, [GRANTED], 3)] == [top3[0][2], top3[1][2], top3[1][2]]

        # a second copy from another file with a far larger value: the canonical copy is ranked, once
        copy, passages2 = parsed_report(year_truths[1])
        copy.report_id += "-pdf"
        copy.source.path = "elsewhere/copy.pdf"
        copy.source.sha256 = hashlib.sha256(b"copy").hexdigest()
        copy.figures = [dataclasses.replace(f, value=(f.value or 0) + 10**6) for f in copy.figures]
        assert store.put_report(copy, passages2) == "added"
        assert store.has_copies(YEAR) and not store.has_copies(2020)
        canonical = {r.report_id for r in store.reports(year=YEAR) if r.copy_of is None}
        assert len(canonical) == 8
        assert all(r in canonical for r, _, _ in _got(store, [GRANTED], 20))

        # an uncertain cell: that report drops out of the cell's ranking and of the sum's
        third, passages3 = parsed_report(year_truths[2])
        third.source.sha256 = hashlib.sha256(b"v3").hexdigest()
        third.figures = [dataclasses.replace(f, status="uncertain") if f.key == DENIED[0] else f
                         for f in third.figures]
        assert store.put_report(third, passages3) == "replaced"
        ids = [r for r, _, _ in _got(store, DENIED, 20)]
        assert year_truths[2].report_id not in ids and len(ids) == 7
        assert year_truths[2].report_id not in [r for r, _, _ in _got(store, ALL_DENIED, 20)]
        assert year_truths[2].report_id in [r for r, _, _ in _got(store, [GRANTED], 20)]

        # deleting a report takes it out
        assert store.delete_report(year_truths[3].report_id)
        assert year_truths[3].report_id not in [r for r, _, _ in _got(store, [GRANTED], 20)]

        # after all of that, year_cells is what a recount from the stored figures gives
        def table() -> list[tuple]:
            with store.engine.connect() as conn:
                return sorted(tuple(r) for r in conn.execute(select(year_cells_t)))

        kept = table()
        with store.engine.begin() as conn:
            store_totals.rebuild_year_cells(conn)
        assert kept == table() and len(kept) > 7 * 100
