"""FiguresStore.cell_totals: a cell added up over the canonical reports of a year, against the
generator's truth, and still exact after a replacement, a second copy, an uncertain cell and a
deletion. Runs on SQLite and on PostgreSQL (tests/conftest.py ``database_url``)."""

from __future__ import annotations

import dataclasses
import hashlib

from sqlalchemy import select

from bench.synthstore import parsed_report
from eval.synth import generate_truths
from index.figures_store import FiguresStore, cell_totals_t, year_reports_t
from index.figures_store import totals as store_totals
from index.reportformat import CellKey

YEAR = 2021


def test_cell_totals_follow_every_write(database_url: str) -> None:
    truths = generate_truths(6, [2020, YEAR], seed=3)
    year_truths = [t for t in truths if t.year == YEAR]
    keys = [CellKey(3, "granted", "total"), CellKey(3, "new", "natural"), CellKey(4, "review", "total")]
    keys = [k for k in keys if k in year_truths[0].cells()]
    assert len(keys) >= 2
    expected = {k: sum(t.cells()[k] for t in year_truths) for k in keys}
    with FiguresStore(database_url) as store:
        for t in truths:
            assert store.put_report(*parsed_report(t)) == "added"
        totals = {c.key: c for c in store.cell_totals(YEAR, keys)}
        assert [c.key for c in store.cell_totals(YEAR, keys)] == keys
        for k in keys:
            assert (totals[k].total, totals[k].reports, totals[k].uncertain, totals[k].missing) == (
                expected[k], 6, 0, 0)

        # a new version of one report (same file, another value): the total moves by the difference
        first = year_truths[0]
        report, passages = parsed_report(first)
        k0 = keys[0]
        old = first.cells()[k0]
        report.figures = [dataclasses.replace(f, value=old + 1000) if f.key == k0 else f for f in report.figures]
        report.source.sha256 = hashlib.sha256(b"v2").hexdigest()
        assert store.put_report(report, passages) == "replaced"
        assert store.cell_totals(YEAR, [k0])[0].total == expected[k0] + 1000

        # a second copy of another report, from another file, with other values: counted once
        second, passages2 = parsed_report(year_truths[1])
        second.report_id += "-pdf"
        second.source.path = "elsewhere/copy.pdf"
        second.source.sha256 = hashlib.sha256(b"copy").hexdigest()
        second.figures = [dataclasses.replace(f, value=(f.value or 0) + 7) for f in second.figures]
        assert store.put_report(second, passages2) == "added"
        assert len(store.copies(year=YEAR)) == 1
        again = store.cell_totals(YEAR, [k0])[0]
        assert again.reports == 6 and again.total in (expected[k0] + 1000, expected[k0] + 1000 + 7)

        # an uncertain cell is not added in, and says so
        third, passages3 = parsed_report(year_truths[2])
        third.source.sha256 = hashlib.sha256(b"v3").hexdigest()
        third.figures = [dataclasses.replace(f, status="uncertain") if f.key == keys[1] else f for f in third.figures]
        assert store.put_report(third, passages3) == "replaced"
        unsure = store.cell_totals(YEAR, [keys[1]])[0]
        assert (unsure.uncertain, unsure.reports) == (1, 5)
        assert unsure.total == expected[keys[1]] - year_truths[2].cells()[keys[1]]

        # deleting a report takes it out; a year with nothing stored adds up to nothing
        assert store.delete_report(year_truths[3].report_id)
        gone = store.cell_totals(YEAR, [keys[1]])[0]
        assert gone.total == unsure.total - year_truths[3].cells()[keys[1]] and gone.reports == 4
        assert [(c.total, c.reports, c.missing) for c in store.cell_totals(1999, keys[:1])] == [(0, 0, 0)]

        # after all of that, every per-year total is what a recount from the stored figures gives
        def table() -> list[tuple]:
            with store.engine.connect() as conn:
                return sorted(tuple(r) for t in (cell_totals_t, year_reports_t) for r in conn.execute(select(t)))

        kept = table()
        with store.engine.begin() as conn:
            store_totals.rebuild(conn)
        assert kept == table() and len(kept) > 100
