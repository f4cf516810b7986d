"""A reading uses only the printed tokens, in order (issue 11, item 1).

The example is the issue's: a crawler text runs 表四 together as ``100000000000000`` (15 digits
for 15 cells; 行政复议 结果维持 1 and 总计 0 as printed, so the report breaks T4-A). The only
reading of those digits is one digit a cell; a reading with 结果维持 10 and 总计 10 needs a digit
that is not printed.
"""

from __future__ import annotations

from index import reportformat as rf
from index.loaders import load
from index.reportformat import CellKey
from index.tables import parse_report
from index.types import Location, SourceDocument, TextLine

T4 = lambda col: CellKey(4, rf.T4_ROW.id, col)  # noqa: E731


def _parse_text(text: str, name: str = "r.txt"):
    lines = [TextLine(t, Location(line=i)) for i, t in enumerate(text.split("\n"), start=1)]
    return parse_report(SourceDocument(path=name, kind="text", sha256="0" * 64, lines=lines))


def _crawler_with_table4(real_reports, digits: str):
    """The Pingtan police crawler text (every cell run together) with its 表四 digits replaced."""
    text = (real_reports / "2021_pingtan-gaj.txt").read_text(encoding="utf-8")
    printed = "总计000000000000000五、"
    assert printed in text
    return _parse_text(text.replace(printed, f"总计{digits}五、"), "2021_pingtan-gaj.txt")


def test_run_together_table_4_is_read_digit_by_digit_and_fails_its_rule(real_reports):
    report = _crawler_with_table4(real_reports, "100000000000000")
    got = [report.figure(T4(c.id)).value for c in rf.T4_COLUMNS]
    assert got == [1] + [0] * 14  # exactly the printed digits, in order
    failing = {(c.rule, c.scope) for c in report.checks if not c.passed}
    assert ("T4-A", "行政复议") in failing
    total = report.figure(T4("review.total"))
    assert total.value == 0 and total.status != "reconstructed"


def test_a_lost_cell_filled_by_a_rule_is_never_marked_printed():
    """A row that lost its 总计 (separated values, one missing): the filled cell names its rule."""
    labels = [r for r in rf.t3_rows("2021")]
    body = []
    for r in labels:
        cells = "12 3 0 0 0 0" if r.id == "new" else "0 0 0 0 0 0 0"
        body.append(f"{r.label} {cells}")
    report = _parse_text("2021年示例市人民政府政府信息公开工作年度报告\n" + "\n".join(body))
    fig = report.figure(CellKey(3, "new", "total"))
    assert fig.value == 15 and fig.status == "reconstructed" and fig.rule
    natural = report.figure(CellKey(3, "new", "natural"))
    assert natural.value == 12 and natural.status == "printed" and natural.raw == "12"


def test_several_exact_readings_are_uncertain_and_listed():
    """Run-together digits that the rules cannot split one way: uncertain, with the readings listed."""
    # 新收 and 结转下年度 both print "110000011": 7 cells in 9 digits. 11,0,0,0,0,0,11 and
    # 1,10,0,0,0,0,11 both keep T3-D, and taking the same one in both rows keeps T3-A.
    two = {"new", "carried_out"}
    body = "".join(f"{r.label}{'110000011' if r.id in two else '0000000'}" for r in rf.t3_rows("2021"))
    report = _parse_text("2021年示例市人民政府政府信息公开工作年度报告\n" + body)
    for col, readings in (("natural", "1 / 11"), ("commercial", "0 / 10")):
        fig = report.figure(CellKey(3, "new", col))
        assert fig.status == "uncertain", fig
        assert fig.note.endswith(readings)  # the readings are listed
    assert report.figure(CellKey(3, "new", "total")).value == 11


# ---------------------------------------------------------------------------
# Property: a cell marked ``printed`` is exactly a printed token
# ---------------------------------------------------------------------------

def _printed_token_violations(report) -> list[str]:
    """Cells marked printed whose value is not the number of one token printed in the document."""
    from index.reportformat import AMOUNT_UNITS
    from index.stream import parse_cell_value, to_number

    doc_text = "\n".join(line.text for line in report.source.lines)
    bad = []
    for fig in report.figures:
        if fig.status != "printed":
            continue
        if fig.blank:
            if fig.value != 0:
                bad.append(f"{fig.key}: blank but {fig.value}")
            continue
        token = parse_cell_value(fig.raw)
        if token is None or token.blank:
            bad.append(f"{fig.key}: raw {fig.raw!r} is not one number")
            continue
        readings = {to_number(token.digits, token.sign, token.unit, unit) for unit in (None, *AMOUNT_UNITS)}
        if fig.value not in readings:
            bad.append(f"{fig.key}: value {fig.value} but printed {fig.raw!r}")
        if fig.raw not in fig.source_text and fig.raw not in doc_text:
            bad.append(f"{fig.key}: {fig.raw!r} is not in the document")
    return bad


def test_printed_cells_are_printed_tokens_in_every_generated_rendering(tmp_path):
    import json

    from eval.synth import ALL_RENDERINGS, generate_corpus

    checked = 0
    for noise in (0.0, 0.3, 1.0):
        renderings = ALL_RENDERINGS if noise == 0.3 else ("text",)
        out = tmp_path / f"n{noise}"
        generate_corpus(out, agencies=2, years=range(2019, 2022), renderings=renderings, seed=11,
                        noise=noise, progress=False)
        for truth_path in sorted((out / "truth").glob("*.json")):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            for rendering in renderings:
                report = parse_report(load(out / truth["files"][rendering]))
                assert _printed_token_violations(report) == [], (rendering, noise, truth_path.name)
                checked += 1
    assert checked == 2 * 3 * (len(ALL_RENDERINGS) + 2)


def test_printed_cells_are_printed_tokens_in_every_real_report(real_reports):
    files = sorted(p for p in real_reports.iterdir() if p.suffix in (".txt", ".html", ".pdf", ".md", ".docx"))
    assert files
    for path in files:
        report = parse_report(load(path))
        assert _printed_token_violations(report) == [], path.name


def test_a_row_that_lost_a_cell_keeps_its_running_count_and_nothing_else(real_reports, shared_dir):
    """Shanghai's 2025 markdown prints "| 规章 | 22 | 235 |" under 制发/废止/现行有效 (a converter moved a two-line
    cell out of the row): 现行有效件数, the stock, is the last printed value (gold: 235 and 189, certain); which of
    制发 and 废止 lost its cell is not known (gold: 废止 undetermined), so both stay uncertain."""
    from tests.conftest import load_gold

    report = parse_report(load(real_reports / "2025_shanghai-szfbgt.md"))
    gold = {(c["row"], c["column"]): c["value"] for c in load_gold(shared_dir, "2025_shanghai-szfbgt")["table2"]}
    for row, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        stock = report.figure(CellKey(2, row, "in_force"))
        assert stock.value == gold[(label, "现行有效件数")] and stock.status == "reconstructed", stock
        for col in ("issued", "repealed"):
            assert report.figure(CellKey(2, row, col)).status == "uncertain"
