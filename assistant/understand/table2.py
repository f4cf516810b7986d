"""表二 questions: which column a row named alone means, and money asked of a row.

A 表二 row named without its column is read as the row's principal measure (its decisions, its
amount, ``rf.T2_PRINCIPAL_COLUMNS``); a row whose columns count different things (规章: issued,
repealed or in force) is asked back with each column. Money asked of a row ("how much in fees",
"the amount of those fines") is the row's amount column, or refused where the row has none.
"""
from __future__ import annotations

from index import reportformat as rf

from .types import Language, Metric, Unresolved
from .years import format_of


def amount_asked(metric: Metric, language: Language) -> tuple[Metric | None, Unresolved | None]:
    """Money asked of a 表二 row named without its column: the row's amount column; (None, what is
    missing) for a row that has none (the 2019 fee row counts items, 行政处罚 counts decisions)."""
    if metric.row is None:
        return metric, None  # rows the question adds up: each keeps its own column
    amount = next((c.id for c in rf.t2_row_columns(metric.row) if c.kind == "amount"), None)
    if amount is not None:
        return Metric(2, row=metric.row, column=amount), None
    label = rf.t2_row_label(metric.row)
    return None, Unresolved("metric", f"{label}金额" if language == "zh" else f"amount of {label}")


def column_choices(metric: Metric, year: int) -> tuple[Metric, ...]:
    """Each column a row named alone could mean in that year's format, when its default is not the
    row's principal measure (规章 → issued, repealed, in force); () when the row is read as one."""
    fmt = format_of(year)
    block = rf.t2_block(metric.row or "", fmt)
    default = metric.t2_column(fmt)
    if block is None or default is None:
        return ()
    # (the 2019 format's 行政许可 row counts items as well as decisions)
    if default.id in rf.T2_PRINCIPAL_COLUMNS and not (fmt == "2019" and default.id == "decisions"):
        return ()
    columns = [c for c in block.columns if c.kind != "signed"]
    if default.id in rf.T2_PRINCIPAL_COLUMNS:  # (the 2019 行政处罚 row: its decisions first, then its items)
        columns.sort(key=lambda c: c.id != default.id)
    return tuple(Metric(2, row=metric.row, column=c.id) for c in columns)


def items_asked(metric: Metric, year: int | None, language: Language) -> Unresolved | None:
    """A count of items asked of a 表二 row whose column that year is money (the 2021 fee row records only
    the amount collected, "收费项目有几项"): what is missing; None when the row counts something that year."""
    if metric.row is None or year is None:
        return None
    block = rf.t2_block(metric.row, format_of(year))
    if block is None or any(c.kind == "count" for c in block.columns):
        return None  # (the 2019 procurement row counts its projects as well)
    label = rf.t2_row_label(metric.row)
    return Unresolved("metric", f"{label}项目数量" if language == "zh" else f"number of {label} items")


def counted_column(metric: Metric, year: int | None) -> Metric | None:
    """A count asked of a 表二 row read as money by default (the 2019 procurement row: its amount, and its
    projects): the row's count column; None when the default counts already or there is none."""
    if metric.row is None or year is None:
        return None
    default = metric.t2_column(format_of(year))
    block = rf.t2_block(metric.row, format_of(year))
    if default is None or default.kind != "amount" or block is None:
        return None
    count = next((c for c in block.columns if c.kind == "count"), None)
    return Metric(2, row=metric.row, column=count.id) if count is not None else None


def read_row(metric: Metric, year: int | None, money_asked: bool, language: Language, count_asked: bool = False,
             how_many: bool = False) -> tuple[Metric | None, Unresolved | None, tuple[Metric, ...], list[str]]:
    """A 表二 row named without its column, read: (the metric, what is not recorded when money is asked
    of a row without an amount or a count of items of a row with only an amount, the columns to offer back
    when it names none of several, the flags)."""
    flags: list[str] = []
    missing = None
    read: Metric | None = metric
    if money_asked:
        read, missing = amount_asked(metric, language)
    elif count_asked and (missing := items_asked(metric, year, language)) is not None:
        read = None
    elif (count_asked or how_many) and (counted := counted_column(metric, year)) is not None:
        read = counted  # "how many procurement projects": the projects, not the amount
    if missing is not None:
        flags.append("not_recorded")
    choices = column_choices(read, year) if read is not None and read.column is None and year is not None else ()
    if choices:
        read = choices[0]
        flags.append("column_unnamed")
    elif read is not None and read.column is None and year is not None \
            and (default := read.t2_column(format_of(year))) is not None:
        # the row's principal measure in the year asked, pinned: a row's default column differs between the
        # formats (the fee row counts items in 2019 and money from 2021), and years of the other format were read
        # with theirs — a series of 35 items, then 242,523,110.82 元 (a wrong number)
        read = Metric(2, row=read.row, column=default.id)
    return read, missing, choices, flags
