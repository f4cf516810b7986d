"""The standard tables of a report → :class:`Figure` objects, placed by label.

Rows are found by their labels (``reportformat`` heads) in the document's :class:`Stream`, in
the printed order of the format; a row's values are the value pieces after its label. Then
:mod:`index.readings` chooses, across the rows, the reading of run-together or lost cells that
the 勾稽关系 allow. :func:`parse_report` is the whole parse: identity, 表二/三/四, checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import reportformat as rf
from .checks import check_figures
from .prose import check_prose, prose_figures, prose_pins
from .identity import detect_identity
from .loaders.ocr import flag_low_confidence
from .readings import Reading, Resolution, resolve, row_readings, _compositions
from .reportformat import CellKey, FormatVersion, Row
from .stream import PLACEHOLDER, Piece, Stream, build_stream, to_number
from .types import Figure, IngestError, Location, ParsedReport, SourceDocument, TextLine

Pins = dict[CellKey, tuple[int, str]]  # cells the narrative states: (value, rule N-…)
_CJK2 = re.compile(r"[\u4e00-\u9fff]{2,}")
INF = 10**12


@dataclass
class RowHit:
    """Where a row's label was found and the value pieces after it."""

    row: Row
    anchor: int  # position in stream.norm
    end: int  # end of its segment in stream.norm
    values: list[Piece]
    line: int  # index of the label's line in stream.lines


def _occurrences(norm: str, heads: tuple[str, ...], number: str | None) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the heads; short heads need their sub-row number before them."""
    out: set[tuple[int, int]] = set()
    for head in heads:
        h = rf.normalize_label(head)
        need_number = len(h) < 3 and number is not None
        for m in re.finditer(re.escape(h), norm):
            start = m.start()
            prefix = norm[max(0, start - 2):start]
            if number and re.fullmatch(rf"{number}\.", prefix):
                start -= 2
            elif need_number:
                continue
            out.add((start, m.end()))
    # An occurrence inside a longer one (a shorter head of the same row) is the same label.
    ordered = sorted(out)
    merged: list[tuple[int, int]] = []
    for s, e in ordered:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _segment_values(stream: Stream, start: int, end: int) -> tuple[list[Piece], int]:
    """Value pieces between two norm positions; stop at real text (two CJK chars) after a value."""
    values: list[Piece] = []
    first = stream.piece_at(start)
    last = stream.piece_at(end) if end < len(stream.norm) else len(stream.pieces)
    stop_pos = end
    for idx in range(first, last):
        piece = stream.pieces[idx]
        if piece.kind == "value":
            values.append(piece)
        elif values and _CJK2.search(piece.text):
            # find the norm position of this piece to report where the segment really ends
            try:
                stop_pos = stream.norm_piece.index(idx, start)
            except ValueError:
                stop_pos = end
            break
    return values, min(stop_pos, end)


def anchor_rows(stream: Stream, rows: tuple[Row, ...], start: int, limit: int,
                cuts: tuple[str, ...] = ()) -> list[RowHit | None]:
    """Find each row's label in printed order from ``start``; None for a row whose label is lost."""
    norm = stream.norm
    occ = {r.id: [o for o in _occurrences(norm, r.heads, r.number) if start <= o[0] < limit] for r in rows}
    cut_positions = sorted({o[0] for c in cuts for o in _occurrences(norm, (c,), None) if start <= o[0] < limit})
    hits: list[RowHit | None] = []
    pos = start
    for i, row in enumerate(rows):
        # A label of the next row before this one's means this row's label was lost. (Only the next
        # row: later labels also occur in stray header cells.)
        later_first = min((o[0] for r in rows[i + 1:i + 2] for o in occ[r.id] if o[0] >= pos), default=INF)
        chosen: RowHit | None = None
        fallback: RowHit | None = None
        for s, e in occ[row.id]:
            if s < pos:
                continue
            if s > later_first:
                break
            next_cut = min([o[0] for r in rows[i:i + 4] for o in occ[r.id] if o[0] >= e]
                           + [c for c in cut_positions if c >= e] + [limit])
            values, seg_end = _segment_values(stream, e, next_cut)
            hit = RowHit(row, s, seg_end, values, stream.pieces[stream.piece_at(s)].line)
            if values:
                chosen = hit
                break
            fallback = fallback or hit
        hit = chosen or fallback
        hits.append(hit)
        if hit is not None:
            pos = hit.anchor + 1
    return hits


def _t3_internal() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((6,), (0, 1, 2, 3, 4, 5))]


def _t4_internal() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((b * 5 + 4,), (b * 5, b * 5 + 1, b * 5 + 2, b * 5 + 3)) for b in range(3)]


def _imply_totals(readings: list[Reading]) -> list[Reading]:
    """A blank 总计 beside written applicant cells takes their sum (marked implied, rule T3-D)."""
    out = []
    for r in readings:
        if 6 in r.blanks and any(i not in r.blanks for i in range(6)) and all(v is not None for v in r.values[:6]):
            values = r.values[:6] + (sum(v or 0 for v in r.values[:6]),)
            out.append(r.with_(values=values, blanks=r.blanks - {6}, implied=r.implied | {6}))
        else:
            out.append(r)
    return out


@dataclass
class TableRead:
    """The outcome of reading 表三 and 表四 from one view of a document."""

    hits3: list[RowHit | None]
    t4_values: list[Piece]
    t4_line: int | None
    resolution: Resolution
    t3_end: int
    layout: FormatVersion = "2019"  # whose 表三 rows were read (see read_requests_and_appeals)
    ignored_lines: list[int] = field(default_factory=list)  # row-一 labels outside section 三, not read
    other_lines: list[int] = field(default_factory=list)  # where a second complete 表三 starts

    @property
    def score(self) -> tuple[int, int, int]:
        found = sum(1 for h in self.hits3 if h is not None and h.values)
        return (found, -self.resolution.violations, -len(self.resolution.uncertain))


def read_requests_and_appeals(stream: Stream, fmt: FormatVersion, pins: Pins | None = None) -> TableRead | None:
    """Read 表三 and 表四 from a stream: try each place where 表三's first label occurs.

    A 2021-format report sometimes prints （六）其他处理 as the single 2019 row; both row
    layouts are tried and the better reading wins.
    """
    layouts: tuple[FormatVersion, ...] = (fmt, "2019") if fmt == "2021" else (fmt,)
    best: TableRead | None = None
    for layout in layouts:
        read = _read_layout(stream, layout, pins)
        if read is not None and (best is None or read.score > best.score):
            best = read
    return best


# Section 三's heading as the stream folds it ("三、收到和处理…" → "三.收到和处理…"): 表三 sits after it.
_T3_HEADING = re.compile("三\\.(?:" + "|".join(re.escape(rf.normalize_label(w))
                                             for w in rf.SECTION_HEADING_WORDS["三"]) + ")")


def _t3_region(stream: Stream, starts: list[int]) -> tuple[list[int], list[int]]:
    """(starts inside section 三, starts before its heading). A row label before the heading (a line
    of section 一's prose that reads like a 表三 row) is no table row; without a heading, or when no
    start follows it, every start is kept."""
    m = _T3_HEADING.search(stream.norm)
    if m is None:
        return starts, []
    inside = [s for s in starts if s >= m.start()]
    return (inside, [s for s in starts if s < m.start()]) if inside else (starts, [])


def _read_layout(stream: Stream, fmt: FormatVersion, pins: Pins | None = None) -> TableRead | None:
    rows = rf.t3_rows(fmt)
    group_heads = tuple(h for g in rf.GROUPS.values() for h in g.heads
                        if not (fmt == "2019" and g.id == "other"))
    starts = [o[0] for o in _occurrences(stream.norm, rows[0].heads, None)]
    # Without row 一's label, start at the first outcome label.
    starts += [max(0, o[0] - 1) for o in _occurrences(stream.norm, rows[2].heads, None)][:1]
    starts, outside = _t3_region(stream, sorted(set(starts)))
    best: TableRead | None = None
    complete: list[TableRead] = []
    for start in starts[:6]:
        hits = anchor_rows(stream, rows, start, len(stream.norm), group_heads)
        if sum(1 for h in hits if h is not None and h.values) < 3:
            continue
        t3_end = max(h.end for h in hits if h is not None)
        t4_values, t4_line = _table4_values(stream, t3_end)
        units: dict[str, tuple[tuple[CellKey, ...], list[Reading]]] = {}
        for row, hit in zip(rows, hits):
            keys = tuple(CellKey(3, row.id, c) for c in rf.APPLICANT_COLUMN_IDS)
            readings = row_readings(hit.values, 7, _t3_internal()) if hit and hit.values else \
                [Reading((None,) * 7, penalty=70)]
            units[row.id] = (keys, _imply_totals(readings))
        t4_keys = tuple(CellKey(4, rf.T4_ROW.id, c.id) for c in rf.T4_COLUMNS)
        units["t4"] = (t4_keys, row_readings(t4_values, 15, _t4_internal()) if t4_values
                       else [Reading((None,) * 15, penalty=150)])
        resolution = resolve(units, rf.equations(fmt), pins)
        read = TableRead(hits, t4_values, t4_line, resolution, t3_end, fmt)
        if read.score[0] >= len(rows) - 2 and not any(_same_table(read, c) for c in complete):
            complete.append(read)
        if best is None or read.score > best.score:
            best = read
    if best is not None:
        best.ignored_lines = [stream.pieces[stream.piece_at(s)].line for s in outside]
        _mark_second_table(best, [c for c in complete if not _same_table(best, c)])
    return best


def _same_table(a: TableRead, b: TableRead) -> bool:
    """Two reads that share a row label position read the same printed table."""
    return bool({h.anchor for h in a.hits3 if h} & {h.anchor for h in b.hits3 if h})


def _mark_second_table(best: TableRead, others: list[TableRead]) -> None:
    """A 表三 printed twice: the better read is kept; a cell the other copy prints differently has
    two candidates and becomes uncertain."""
    for other in others:
        line = next(h.line for h in other.hits3 if h is not None)
        best.other_lines.append(line)
        res = best.resolution
        for key, value in other.resolution.values.items():
            if key.table == 3 and key in res.values and res.values[key] != value and key not in res.uncertain:
                res.uncertain[key] = f"表三 is printed twice; the copy at line {line + 1} gives {value}"


def _table4_values(stream: Stream, start: int) -> tuple[list[Piece], int | None]:
    """The 15 values of 表四, up to section 五.

    The section often opens with a sentence of its own ("2019年…被申请行政复议2件"), so the values
    are the first run of value pieces that follows the table's header words (总计, 维持, 审结 …),
    extended by the next runs (a table split into three blocks) until 15 cells are covered.
    """
    norm = stream.norm
    header = min((o[0] for o in _occurrences(norm, ("行政复议", "复议"), None) if o[0] >= start), default=None)
    if header is None:
        return [], None
    five = re.search(r"五\.[^\ue000]{0,12}(问题|改进)", norm[header:])
    limit = header + five.start() if five else len(norm)
    first = stream.piece_at(header)
    last = stream.piece_at(limit) if limit < len(norm) else len(stream.pieces)
    # Runs of values, each with the text that precedes it.
    runs: list[tuple[str, list[Piece]]] = []
    text = ""
    current: list[Piece] = []
    for idx in range(first, last):
        piece = stream.pieces[idx]
        if piece.kind == "value":
            current.append(piece)
        elif _CJK2.search(piece.text) or (current and len(piece.text.strip()) > 0 and piece.text.strip() != "\t"):
            if current:
                runs.append((text, current))
                current, text = [], ""
            text += piece.text
    if current:
        runs.append((text, current))
    if not runs:
        return [], stream.pieces[first].line
    heads = tuple(rf.normalize_label(w) for w in rf.T4_HEAD_WORDS) + ("维持", "审结")
    begin = next((i for i, (t, _) in enumerate(runs) if any(h in rf.normalize_label(t) for h in heads)), None)
    if begin is None:  # no header words: the runs nearest section 五 that cover 15 cells
        begin = len(runs) - 1
        while begin > 0 and _min_cells([p for _, r in runs[begin:] for p in r]) < 15:
            begin -= 1
    values: list[Piece] = []
    for _, run in runs[begin:]:
        if _min_cells(values) >= 15:
            break
        values.extend(run)
    # Grid rows: stop after the row that completes 15 cells (an empty padding row may follow).
    explicit, cut = 0, len(values)
    for i, p in enumerate(values):
        explicit += 1 if p.explicit else 0
        if explicit >= 15 and (i + 1 == len(values) or values[i + 1].line != p.line):
            cut = i + 1
            break
    values = values[:cut]
    return values, values[0].line


def _min_cells(values: list[Piece]) -> int:
    return sum(1 if (p.explicit or p.blank) else len(p.digits) for p in values) if values else 0


def read_proactive(stream: Stream, fmt: FormatVersion, limit: int) -> list[tuple[rf.Table2Block, RowHit]]:
    """Find the rows of 表二 before ``limit`` (where 表三 starts)."""
    blocks = rf.T2_BLOCKS[fmt]
    rows = tuple(r for b in blocks for r in b.rows)
    caption_heads = tuple(h for b in blocks for h in b.group.heads) + (rf.T2_INFO_HEADER,)
    # Start at a block caption ("第二十条第（一）项"); only without one at the first row's label,
    # which narrative text also uses ("制定规章2件").
    first = [o[0] for o in _occurrences(stream.norm, blocks[0].group.heads, None) if o[0] < limit]
    if not first:
        first = [o[0] for o in _occurrences(stream.norm, rows[0].heads, None) if o[0] < limit]
    best: list[tuple[rf.Table2Block, RowHit]] = []
    best_score = (-1, -1)
    for start in sorted(set(first))[:8]:
        hits = anchor_rows(stream, rows, start, limit, caption_heads)
        found = [(b, h) for b in blocks for r in b.rows for h in hits if h is not None and h.row is r and h.values]
        score = (len(found), sum(1 for b, h in found if len(h.values) == len(b.columns)))
        if score > best_score:
            best, best_score = found, score
    # A converter may move a block away from the printed order (表二 (一) after (五)…(八)): a block
    # with rows still unread is read on its own, from its own caption.
    taken = {id(h.row) for _, h in best}
    used = {id(p) for _, h in best for p in h.values}
    for block in blocks:
        if all(id(r) in taken for r in block.rows):
            continue
        starts = [o[0] for o in _occurrences(stream.norm, block.group.heads, None) if o[0] < limit]
        extra: list[tuple[rf.Table2Block, RowHit]] = []
        for start in starts[:4]:
            hits = anchor_rows(stream, block.rows, start, limit, caption_heads)
            cand = [(block, h) for h in hits if h is not None and h.values and id(h.row) not in taken
                    and not any(id(p) in used for p in h.values)]
            if len(cand) > len(extra):
                extra = cand
        best += extra
        taken |= {id(h.row) for _, h in extra}
        used |= {id(p) for _, h in extra for p in h.values}
    order = {id(r): i for i, r in enumerate(rows)}
    return sorted(best, key=lambda bh: order[id(bh[1].row)])


# the running counts of 表二 (一): a stock, printed in its row's last column whatever else the row lost
_RUNNING_COUNTS = frozenset({"in_force", "total_public"})


def _t2_values(block: rf.Table2Block, hit: RowHit, pins: Pins | None = None
               ) -> tuple[list[int | float], list[str], str, str | None]:
    """Values of a 表二 row, each cell's status, a note and the rule that chose them (see :func:`_t2_row`). A row
    that lost whole cells ("| 规章 | 22 | 235 |" under 制发/废止/现行有效) keeps its last printed value in a
    running count's column (现行有效件数): the stock, never dropped, and the largest of the row; the cells before it
    stay uncertain (which of them was lost is not known)."""
    vals, status, note, rule = _t2_row(block, hit, pins)
    statuses = [status] * len(vals)
    last = block.columns[-1]
    if note == _LOST_CELLS and last.id in _RUNNING_COUNTS and len(hit.values) >= 2 \
            and all(p.explicit for p in hit.values) and vals[-1] >= max(vals[:-1]):
        statuses[-1] = "reconstructed"
    return vals, statuses, note, rule


_LOST_CELLS = "cells lost in extraction; which ones is not known"


def _t2_row(block: rf.Table2Block, hit: RowHit, pins: Pins | None = None
            ) -> tuple[list[int | float], str, str, str | None]:
    """Values of a 表二 row, the status, a note and the rule that chose them; splits run-together
    digits when it must, and lets a number the narrative states (``pins``) choose among splits."""
    cols = block.columns
    pieces = hit.values
    if len(pieces) == len(cols):
        vals = [_t2_number(p, c) for p, c in zip(pieces, cols)]
        return vals, "printed", "", None
    if len(pieces) > len(cols):
        vals = [_t2_number(p, c) for p, c in zip(pieces, cols)]
        return vals, "uncertain", "more values than columns; the first ones were taken", None
    # Fewer pieces than columns: digits ran together. List every split; unique → reconstructed.
    options: list[list[int | float]] = [[]]
    col_index = 0
    for p_index, p in enumerate(pieces):
        remaining_pieces = len(pieces) - p_index - 1
        new_options: list[list[int | float]] = []
        for opt in options:
            room = len(cols) - len(opt) - remaining_pieces
            int_part, _, decimals = p.digits.partition(".")
            splits = _compositions(int_part, room) if not p.explicit else [(int(int_part),)]
            for parts in splits:
                if len(opt) + len(parts) > len(cols) or (remaining_pieces == 0 and len(opt) + len(parts) != len(cols)):
                    continue
                texts = [str(x) for x in parts]
                if decimals:
                    texts[-1] += "." + decimals
                nums = []
                for k, t in enumerate(texts):
                    col = cols[len(opt) + k]
                    unit = p.unit if k == len(texts) - 1 else None
                    sign = p.sign if k == 0 else 1
                    nums.append(to_number(t, sign, unit, col.bare_unit) if col.kind == "amount" else int(float(t)) * sign)
                new_options.append(opt + nums)
        options = new_options or options
        col_index += 1
    complete = [o for o in options if len(o) == len(cols)]
    if not complete:
        # Whole cells lost (a converter moved a two-line cell out of the row): the first and the
        # last printed values keep their columns (现行有效件数, a running count, is always printed);
        # the lost ones are 0 and every cell of the row is uncertain.
        given = [_t2_number(p, c) for p, c in zip(pieces, cols)]
        if len(pieces) >= 2 and all(p.explicit for p in pieces):
            vals = given[:-1] + [0] * (len(cols) - len(pieces)) + [_t2_number(pieces[-1], cols[-1])]
        else:
            vals = given + [0] * (len(cols) - len(pieces))
        return vals, "uncertain", _LOST_CELLS, None
    if len(complete) == 1:
        return complete[0], "reconstructed", "digits ran together; only one split is possible", None
    pinned = [(k, col, pins[CellKey(2, hit.row.id, col.id)]) for k, col in enumerate(cols)
              if pins and CellKey(2, hit.row.id, col.id) in pins]
    if pinned:
        agreeing = [o for o in complete if all(o[k] == v for k, _, (v, _) in pinned)]
        if len(agreeing) == 1:
            rules = ",".join(sorted({r for _, _, (_, r) in pinned}))
            said = "; ".join(f"{col.label} {v}" for _, col, (v, _) in pinned)
            return agreeing[0], "reconstructed", f"digits ran together; the narrative's number ({said}) " \
                f"picks one of {len(complete)} splits", rules

    def balance(option: list[int | float]) -> tuple[int, int]:
        lengths = [len(str(abs(int(v)))) for v in option]
        return max(lengths), sum(n * n for n in lengths)

    # Several splits: show the most even one (cells of one row tend to be of one size), marked uncertain.
    guess = min(complete, key=balance)
    listed = " / ".join(",".join(f"{v:g}" for v in o) for o in sorted(complete, key=balance)[:4])
    more = " …" if len(complete) > 4 else ""
    return guess, "uncertain", f"digits ran together; {len(complete)} splits are possible: {listed}{more}", None


def _t2_number(p: Piece, col: rf.Column) -> int | float:
    if p.blank:
        return 0
    if col.kind == "amount":
        return to_number(p.digits, p.sign, p.unit, col.bare_unit)
    return int(float(p.digits)) * p.sign


def _table_lines(doc: SourceDocument) -> list[TextLine]:
    """A view of the document made of its grid tables' rows only (for PDFs, whose text lines may mislead)."""
    lines: list[TextLine] = []
    for table in doc.tables:
        for r in range(table.n_rows):
            cells = table.row_cells(r)
            if not cells:
                continue
            lines.append(TextLine("\t".join(c.text for c in cells),
                                  Location(page=table.page, table=table.index, row=r)))
    return lines


def parse_report(doc: SourceDocument, *, agency: str | None = None, year: int | None = None) -> ParsedReport:
    """Parse a loaded document into a checked :class:`ParsedReport`.

    Raises:
        IngestError: the document is not a government information-disclosure annual report.
    """
    identity = detect_identity(doc, agency=agency, year=year)
    fmt = identity.format
    stream = build_stream(doc)
    prose = prose_figures(doc)
    pins = prose_pins(prose)
    read = read_requests_and_appeals(stream, fmt, pins)
    used = stream
    if doc.kind == "pdf" and doc.tables:
        table_stream = build_stream(doc, _table_lines(doc))
        alt = read_requests_and_appeals(table_stream, fmt, pins)
        # The grid view only wins where the text view lost rows or left cells uncertain: fewer rule
        # failures alone is no reason, since a misaligned grid can "fix" a rule the source breaks.
        if alt is not None and (read is None or alt.score[:1] + (alt.score[2],) > read.score[:1] + (read.score[2],)):
            read, used = alt, table_stream
    text_norm = stream.norm
    has_title = any(rf.normalize_label(w) in text_norm[:3000] for w in rf.REPORT_TITLE_WORDS)
    if read is None and not has_title:
        raise IngestError(f"{doc.path.rsplit('/', 1)[-1]}: not a government information-disclosure annual report "
                          "(no title and no 表三 found)")
    evidence = sum(rf.normalize_label(w) in text_norm for w in rf.REPORT_EVIDENCE_WORDS)
    if read is None and evidence < 4:
        raise IngestError(f"{doc.path.rsplit('/', 1)[-1]}: not a government information-disclosure annual report")

    warnings: list[str] = []
    figures: list[Figure] = []
    spans: list[tuple[int, int]] = []
    if identity.year == 0:
        warnings.append("no report year found in the title, first lines or file name")
    t3_start_pos = len(stream.norm)
    if read is not None:
        figures.extend(_t3_t4_figures(used, read, read.layout))
        if read.layout != fmt:
            warnings.append("（六）其他处理 is printed as a single row (the 2019 layout) in a 2021-format report")
        first_hit = next((h for h in read.hits3 if h is not None), None)
        if used is stream and first_hit is not None:
            t3_start_pos = first_hit.anchor
            last_line = max(h.line for h in read.hits3 if h is not None)
            t4_last = read.t4_values[-1].line if read.t4_values else last_line
            spans.append((first_hit.line, max(last_line, t4_last) + 1))
        if read.other_lines:
            warnings.append(f"表三 is printed more than once (also at line {', '.join(str(n + 1) for n in read.other_lines)}); "
                            "the most complete copy was read, cells the copies disagree on are uncertain")
        if read.ignored_lines:
            warnings.append(f"a 表三 row outside section 三 (line {', '.join(str(n + 1) for n in read.ignored_lines)}) "
                            "was not read as a table row")
        missing = [h_row.label for h_row, h in zip(rf.t3_rows(read.layout), read.hits3) if h is None]
        if missing:
            warnings.append(f"表三 rows not found: {', '.join(missing)}")
    else:
        warnings.append("表三 and 表四 were not found")
    t2 = read_proactive(stream, fmt, t3_start_pos)
    if t2:
        figures.extend(_t2_figures(stream, t2, pins))
        lines = [h.line for _, h in t2]
        spans.append((min(lines), max(lines) + 1))
    else:
        warnings.append("表二 was not found")
    report_id = doc.sha256[:16]
    flag_low_confidence(figures)
    checks = check_figures(figures, fmt) + check_prose(prose, figures)
    return ParsedReport(report_id=report_id, identity=identity, source=doc, figures=figures, checks=checks,
                        warnings=warnings, table_spans=_merge_spans(spans))


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(spans)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1] + 3:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# A source line longer than this that holds more than the row (a crawler's flattened page) is quoted
# as the row's own span: its label and values, not the page breadcrumb the line starts with.
MAX_ROW_QUOTE = 240


def _row_quote(stream: Stream, hit: RowHit) -> str:
    line = stream.line_text(hit.line)
    if len(line) <= MAX_ROW_QUOTE:
        return line
    return stream.span_text(hit.anchor, hit.values[-1] if hit.values else None)[-MAX_ROW_QUOTE:]


def _t3_t4_figures(stream: Stream, read: TableRead, fmt: FormatVersion) -> list[Figure]:
    res = read.resolution
    figures: list[Figure] = []
    units = [(row.id, hit, tuple(CellKey(3, row.id, c) for c in rf.APPLICANT_COLUMN_IDS))
             for row, hit in zip(rf.t3_rows(fmt), read.hits3)]
    units.append(("t4", None, tuple(CellKey(4, rf.T4_ROW.id, c.id) for c in rf.T4_COLUMNS)))
    for name, hit, keys in units:
        pieces = hit.values if hit is not None else (read.t4_values if name == "t4" else [])
        line = hit.line if hit is not None else (read.t4_line if name == "t4" else None)
        reading = res.choice.get(name)
        source_text = _row_quote(stream, hit) if hit is not None else (
            stream.line_text(line) if line is not None else "")
        if name == "t4" and pieces:
            source_text = " ".join(dict.fromkeys(stream.line_text(p.line) for p in pieces))
            if len(source_text) > MAX_ROW_QUOTE:
                source_text = stream.pieces_text(pieces[0], pieces[-1])[-MAX_ROW_QUOTE:]
        row_loc = stream.lines[line].location if line is not None else Location()
        joined_raw = " ".join(p.text.strip() for p in pieces)
        for idx, key in enumerate(keys):
            value = res.values.get(key, 0)
            # The printed token this cell was read from (a cut of a digit run: the digits it took).
            src = reading.source[idx] if reading is not None and idx < len(reading.source) else None
            piece = pieces[src] if src is not None and src < len(pieces) else None
            raw = joined_raw
            if piece is not None:
                raw = str(reading.values[idx]) if idx in reading.split else piece.text.strip()
            fig = Figure(key=key, value=value, raw=raw,
                         source_text=source_text, location=stream.location(piece) if piece else row_loc,
                         blank=key in res.blanks)
            if key in res.uncertain:
                fig.status, fig.note = "uncertain", res.uncertain[key]
            elif key in res.implied:
                fig.status, fig.rule, fig.blank = "implied", res.implied[key], True
                fig.note = "总计 left blank; the sum of the applicant cells"
            elif key in res.reconstructed:
                fig.status, fig.rule = "reconstructed", res.reconstructed[key]
                fig.note = "lost in extraction; fixed by the rule" if piece is None \
                    else "digits ran together; split by the rule"
            elif reading is not None and reading.forced and idx in reading.split:
                fig.note = "digits ran together; one cut of them fills every cell"
            elif reading is not None and idx in reading.filled:
                # not printed as a number (lost, or text such as "abc"): the row's own sum gives it
                fig.status, fig.rule = "reconstructed", "T4-A" if name == "t4" else "T3-D"
                fig.note = "not printed as a number; fixed by the row's total"
            if hit is None and name != "t4":
                fig.note = (fig.note + "; " if fig.note else "") + "row label not found"
            figures.append(fig)
    return figures


def _t2_figures(stream: Stream, found: list[tuple[rf.Table2Block, RowHit]], pins: Pins | None = None
                ) -> list[Figure]:
    figures: list[Figure] = []
    for block, hit in found:
        values, statuses, note, rule = _t2_values(block, hit, pins)
        direct = statuses[0] == "printed"
        for k, (col, value, status) in enumerate(zip(block.columns, values, statuses)):
            piece = hit.values[k] if direct else None
            figures.append(Figure(
                key=CellKey(2, hit.row.id, col.id), value=value, status=status,  # type: ignore[arg-type]
                blank=bool(piece and piece.blank), raw=(piece.text.strip() if piece else
                                                        " ".join(p.text.strip() for p in hit.values)),
                source_text=_row_quote(stream, hit),
                location=stream.location(piece) if piece else stream.lines[hit.line].location,
                note=_KEPT_STOCK if note == _LOST_CELLS and status == "reconstructed" else note, rule=rule))
    return figures


_KEPT_STOCK = "cells lost in extraction; the row's last printed value is its running count, always printed"


_ = PLACEHOLDER
