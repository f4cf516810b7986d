"""The figures store's tables, as the migrations leave them (see :mod:`.migrations`)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

X1 = "X-1"  # the cross-report rule the store computes itself (上年结转 = last year's 结转下年度)


def _schema_v1() -> MetaData:
    """The tables as migration m001 creates them.

    When a later migration changes a table, keep this function as it is (m001 must keep creating
    the v1 tables) and declare the current tables separately.
    """
    md = MetaData()
    Table(
        "reports", md,
        Column("report_id", String(128), primary_key=True),
        Column("agency", String(200), nullable=False),
        Column("year", Integer, nullable=False),
        Column("format", String(8), nullable=False),
        Column("title", Text, nullable=False, default=""),
        Column("source_path", Text, nullable=False, default=""),
        Column("source_name", String(400), nullable=False, default=""),
        Column("source_kind", String(16), nullable=False, default=""),
        Column("sha256", String(64), nullable=False),
        Column("size", BigInteger, nullable=False, default=0),
        Column("ingested_at", String(40), nullable=False),
        Column("n_failed_checks", Integer, nullable=False, default=0),
        Column("warnings", JSON, nullable=False),
        Index("ix_reports_agency_year", "agency", "year"),
        Index("ix_reports_sha256", "sha256"),
    )
    Table(
        "figures", md,
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), primary_key=True),
        Column("table_no", Integer, primary_key=True),
        Column("row_id", String(64), primary_key=True),
        Column("column_id", String(64), primary_key=True),
        Column("value", Float, nullable=True),
        Column("blank", Boolean, nullable=False, default=False),
        Column("status", String(16), nullable=False, default="printed"),
        Column("raw", Text, nullable=False, default=""),
        Column("source_text", Text, nullable=False, default=""),
        Column("location", JSON, nullable=False),
        Column("rule", String(32), nullable=True),
        Column("note", Text, nullable=False, default=""),
        Index("ix_figures_cell", "table_no", "row_id", "column_id"),
    )
    Table(
        "checks", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), nullable=False),
        Column("rule", String(32), nullable=False),
        Column("scope", Text, nullable=False, default=""),
        Column("cells", JSON, nullable=False),
        Column("expected", Float, nullable=False),
        Column("found", Float, nullable=False),
        Column("passed", Boolean, nullable=False),
        Column("detail", Text, nullable=False, default=""),
        # X-1 only: the other report of the pair (the earlier year's); its deletion drops the check.
        Column("other_report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"),
               nullable=True),
        Index("ix_checks_report", "report_id"),
        Index("ix_checks_other", "other_report_id"),
    )
    Table(
        "passages", md,
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), primary_key=True),
        Column("idx", Integer, primary_key=True),
        Column("text", Text, nullable=False),
        Column("section", String(8), nullable=False, default=""),
        Column("section_path", JSON, nullable=False),
        Column("location", JSON, nullable=False),
        Column("kind", String(16), nullable=False, default="narrative"),
        Column("cell", String(160), nullable=True),
    )
    Table(
        "sources", md,
        Column("report_id", String(128), ForeignKey("reports.report_id", ondelete="CASCADE"), primary_key=True),
        Column("idx", Integer, primary_key=True),  # 0-based index into SourceDocument.lines
        Column("line_no", Integer, nullable=True),  # Location.line as the loader gave it
        Column("page", Integer, nullable=True),
        Column("text", Text, nullable=False),
    )
    return md


def _schema_v2() -> MetaData:
    """v1 plus ``reports.copy_of`` (m002): NULL for the canonical copy of a report, else the
    report_id of the canonical copy (another file of the same agency and year)."""
    md = _schema_v1()
    md.tables["reports"].append_column(Column("copy_of", String(128), nullable=True))
    return md


def _read_indexes(md: MetaData) -> list[Index]:
    """The indexes m003 adds for reads at scale: reports of one year (a question across every
    agency of a year had only the (agency, year) index and read every report), and the failing
    checks of given reports (partial: the few failing rows, not a scan of every check)."""
    reports, checks = md.tables["reports"], md.tables["checks"]
    failing = checks.c.passed == False  # noqa: E712 - SQL expression
    return [
        Index("ix_reports_year", reports.c.year),
        Index("ix_checks_failing", checks.c.report_id, sqlite_where=failing, postgresql_where=failing),
        Index("ix_checks_failing_other", checks.c.other_report_id, sqlite_where=failing, postgresql_where=failing),
    ]


def _schema_v3() -> MetaData:
    """v2 plus the read indexes of m003."""
    md = _schema_v2()
    _read_indexes(md)  # an Index on a table's columns attaches itself to the table
    return md


def _totals_tables(md: MetaData) -> None:
    """The aggregate m004 adds: every cell added up over the canonical reports of each year, and
    how many canonical reports each year has (see :mod:`.totals`, which keeps them exact)."""
    Table(
        "cell_totals", md,
        Column("year", Integer, primary_key=True),
        Column("table_no", Integer, primary_key=True),
        Column("row_id", String(64), primary_key=True),
        Column("column_id", String(64), primary_key=True),
        Column("total", Float, nullable=False, default=0),  # cells read for certain only
        Column("n", Integer, nullable=False, default=0),  # reports with the cell
        Column("n_uncertain", Integer, nullable=False, default=0),
    )
    Table(
        "year_reports", md,
        Column("year", Integer, primary_key=True),
        Column("n", Integer, nullable=False, default=0),  # canonical reports of the year
    )


def _schema_v4() -> MetaData:
    """v3 plus the per-year totals of m004."""
    md = _schema_v3()
    _totals_tables(md)
    return md


def _ranking_tables(md: MetaData) -> None:
    """What m005 adds for rankings across every agency of a year: each canonical report's cells
    that were read for certain, keyed year → cell → value, so "which agency had the most …" is
    the last few entries of one key range (ORDER BY value DESC LIMIT k), not a read of every
    report of the year. The key is the whole row (on SQLite a WITHOUT ROWID table: the rows are
    the index). Kept exact with the totals, in the same transaction (:mod:`.totals`)."""
    Table(
        "year_cells", md,
        Column("year", Integer, primary_key=True),
        Column("table_no", Integer, primary_key=True),
        Column("row_id", String(64), primary_key=True),
        Column("column_id", String(64), primary_key=True),
        Column("value", Float, primary_key=True),  # a blank cell as 0, as metric_value adds it
        Column("report_id", String(128), primary_key=True),
        sqlite_with_rowid=False,
    )


def _copies_index(md: MetaData) -> Index:
    """m005's partial index of the reports that are stored copies, by year: "does this year have a
    stored copy at all" is one probe (a ranking or a sum read from the per-year tables checks it)."""
    reports = md.tables["reports"]
    copies = reports.c.copy_of.isnot(None)
    return Index("ix_reports_copies", reports.c.year, sqlite_where=copies, postgresql_where=copies)


def _schema_v5() -> MetaData:
    """v4 plus the ranking table and the copies index of m005."""
    md = _schema_v4()
    _ranking_tables(md)
    _copies_index(md)
    return md


SCHEMA = _schema_v5()
reports_t = SCHEMA.tables["reports"]
figures_t = SCHEMA.tables["figures"]
checks_t = SCHEMA.tables["checks"]
passages_t = SCHEMA.tables["passages"]
sources_t = SCHEMA.tables["sources"]
CHILD_TABLES = (figures_t, checks_t, passages_t, sources_t)
cell_totals_t = SCHEMA.tables["cell_totals"]
year_reports_t = SCHEMA.tables["year_reports"]
year_cells_t = SCHEMA.tables["year_cells"]

_migrations_md = MetaData()
migrations_t = Table(
    "_migrations", _migrations_md,
    Column("name", String(100), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)
