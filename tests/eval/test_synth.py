"""The synthetic report generator: truth that obeys the format's rules, and renderings that carry it."""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval.agencies import OCR_LOOKALIKES, name_forms
from eval.cli import cli, parse_years
from eval.render import render_docx, render_html, render_pdf, render_text, table_grid
from eval.synth import (
    TIDY,
    ReportTruth,
    Variety,
    check_continuity,
    generate_corpus,
    generate_truths,
    gold_key,
    load_truth,
)
from index.reportformat import (
    AMOUNT_UNITS,
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    GROUPS,
    ORGANISATION_HEADER,
    SECTIONS,
    T3_NOTE,
    T4_COLUMNS,
    CellKey,
    carry_over_pairs,
    equations,
    normalize_label,
    t3_rows,
)
from tests.conftest import load_gold

FOOTER = re.compile(r"^\s*(— \d+ —|第 \d+ 页)\s*$")


@pytest.fixture(scope="module")
def truths() -> list[ReportTruth]:
    return generate_truths(20, range(2019, 2024), seed=7)


def _by_agency(truths: list[ReportTruth]) -> dict[str, list[ReportTruth]]:
    out: dict[str, list[ReportTruth]] = defaultdict(list)
    for t in truths:
        out[t.agency.slug].append(t)
    return out


def _nfkc(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# ---------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------


def test_every_rule_of_the_format_holds_on_every_truth(truths: list[ReportTruth]) -> None:
    assert len(truths) == 100
    assert {t.format for t in truths} == {"2019", "2021"}
    checked = 0
    for t in truths:
        assert t.format == ("2019" if t.year <= 2020 else "2021")
        cells = t.cells()
        for eq in equations(t.format):
            lhs, rhs = sum(cells[k] for k in eq.lhs), sum(cells[k] for k in eq.rhs)
            assert lhs == rhs, f"{t.report_id}: {eq.rule} {eq.scope}: {lhs} != {rhs}"
            checked += 1
        assert all(isinstance(v, int) and v >= 0 for k, v in cells.items() if k.table in (3, 4))
        assert len(t.table3) == len(t3_rows(t.format)) == (23 if t.format == "2019" else 25)
    assert checked == sum(len(equations(t.format)) for t in truths)


def test_broken_figure_is_caught_by_the_rules(truths: list[ReportTruth]) -> None:
    t = truths[0]
    assert t.violations() == []
    t.table3["granted"][0] += 1
    try:
        assert {v.split()[0] for v in t.violations()} >= {"T3-C", "T3-D"}
    finally:
        t.table3["granted"][0] -= 1


def test_carry_over_and_item_counts_continue_year_to_year(truths: list[ReportTruth]) -> None:
    groups = _by_agency(truths)
    assert len(groups) == 20
    pairs = 0
    for reports in groups.values():
        assert [r.year for r in reports] == list(range(2019, 2024))
        for prev, cur in zip(reports, reports[1:]):
            pc, cc = prev.cells(), cur.cells()
            for last, this in carry_over_pairs():
                assert pc[last] == cc[this], f"X-1 {cur.report_id} {this}"
            assert check_continuity(prev, cur) == []
            pairs += 1
        # 2019 format: 上一年项目数量(2020) = 上一年项目数量(2019) + 本年增/减(2019)
        c19, c20 = reports[0].cells(), reports[1].cells()
        for row in ("licensing", "other_services", "penalty", "enforcement", "fees"):
            assert c20[CellKey(2, row, "items_last_year")] == (
                c19[CellKey(2, row, "items_last_year")] + c19[CellKey(2, row, "change")])
    assert pairs == 80
    # the carry-over is not trivially zero everywhere
    assert any(t.table3["carried_in"][6] > 0 for t in truths)


def test_county_reports_are_mostly_zero_rows_and_cities_are_busier(truths: list[ReportTruth]) -> None:
    by_level: dict[str, list[ReportTruth]] = defaultdict(list)
    for t in truths:
        by_level[t.level].append(t)
    assert set(by_level) == {"city", "county", "department"}
    for t in by_level["county"]:
        zero_rows = sum(1 for v in t.table3.values() if v[6] == 0)
        assert zero_rows > len(t.table3) / 2, f"{t.report_id}: only {zero_rows} zero rows"
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    city = median([t.table3["new"][6] for t in by_level["city"]])
    county = median([t.table3["new"][6] for t in by_level["county"]])
    dept = median([t.table3["new"][6] for t in by_level["department"]])
    assert city > county > dept
    assert any(t.table3["new"][6] == 0 for t in by_level["department"])


def test_names_are_fictional_and_unique(truths: list[ReportTruth]) -> None:
    names = {t.agency.name for t in truths}
    assert len(names) == 20
    stems = ("示例", "样例", "虚构", "模拟", "范例", "演示", "设例", "拟例")
    assert all(n.startswith(stems) for n in names)
    assert len({t.report_id for t in truths}) == 100


def test_table2_signed_changes_and_amounts(truths: list[ReportTruth]) -> None:
    changes = [t.table2[(row, "change")] for t in truths if t.format == "2019"
               for row in ("licensing", "other_services", "penalty", "enforcement", "fees")]
    assert any(v.value < 0 for v in changes) and any(v.value > 0 for v in changes)
    for v in changes:
        sign = -1 if v.raw.startswith(("-", "减")) else 1
        assert sign * int(re.sub(r"\D", "", v.raw)) == v.value, v
    raws = set()
    for t in truths:
        if t.format == "2019":
            v = t.table2[("procurement", "amount")]
            m = re.fullmatch(r"([\d.]+)\s*(亿元|万元|元)?", v.raw)
            assert m, v.raw
            yuan = Decimal(m.group(1)) * AMOUNT_UNITS.get(m.group(2) or "元", 1)
            assert yuan == Decimal(str(v.value)), v
            assert t.cells()[CellKey(2, "procurement", "amount")] == v.value
            raws.add(m.group(2))
        else:
            v = t.table2[("fees", "amount")]
            assert v.unit == "万元"
            assert Decimal(str(t.cells()[CellKey(2, "fees", "amount")])) == Decimal(str(v.value)) * 10000
    assert {"亿元", "万元"} <= raws


def test_narrative_facts_are_planted_and_agree_with_the_tables(truths: list[ReportTruth]) -> None:
    for t in truths:
        assert [s.number for s in SECTIONS] == list(t.sections)
        ids = {f["id"] for f in t.facts}
        assert {"website_posts", "requests_received", "platforms", "problem", "measure"} <= ids
        for f in t.facts:
            assert f["sentence"] in t.section_text(f["section"]), f
            if isinstance(f["value"], int) and f["value"] != 0:  # a zero may be worded (未收取…)
                assert str(f["value"]) in f["sentence"], f
            elif isinstance(f["value"], str):
                assert f["value"] in f["sentence"]
        received = [f for f in t.facts if f["id"] == "requests_received"]
        assert {f["section"] for f in received} == {"一", "三"}
        assert all(f["value"] == t.table3["new"][6] for f in received)
        three = next(f["sentence"] for f in received if f["section"] == "三")
        assert f"共收到政府信息公开申请{t.table3['new'][6]}件" in three
        handled = [f["value"] for f in t.facts if f["id"] == "requests_handled" and f["section"] == "三"]
        assert handled in ([], [t.table3["processed_total"][6]])
        if t.format == "2021":
            assert any(f["id"] == "fee_charged" and f["section"] == "六" and f["unit"] == "元" for f in t.facts)
    assert any(f["id"] == "wechat_posts" for t in truths for f in t.facts)


def test_truth_json_has_the_gold_shape(truths: list[ReportTruth], shared_dir: Path) -> None:
    for gold_name, fmt in (("huachuan-county-2020", "2019"), ("2021_pingtan", "2021")):
        gold = load_gold(shared_dir, gold_name)
        t = next(x for x in truths if x.format == fmt)
        data = t.to_json()
        assert set(gold) - {"source"} <= set(data)
        assert list(data["table3"]) == list(gold["table3"])
        assert data["table3_columns"] == gold["table3_columns"]
        assert data["table4_columns"] == gold["table4_columns"]
        assert [(e["group"], e["row"], e["column"]) for e in data["table2"]] == [
            (e["group"], e["row"], e["column"]) for e in gold["table2"]]
        assert {"report_id_hint", "level", "sections"} <= set(data)
        back = ReportTruth.from_json(json.loads(json.dumps(data, ensure_ascii=False)))
        assert back.cells() == t.cells()
        assert back.to_json() == data


def test_gold_key_drops_only_the_trailing_note() -> None:
    keys = [gold_key(r) for r in t3_rows("2021")]
    assert "（二）部分公开" in keys
    assert "（三）不予公开/3.危及“三安全一稳定”" in keys
    assert "（六）其他处理/3.其他" in keys


# ---------------------------------------------------------------------------
# What real corpora have: departments beside their governments, names that change, misread names
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def varied() -> list[ReportTruth]:
    return generate_truths(20, range(2019, 2024), seed=7, variety=Variety())


def _unmisread(t: ReportTruth) -> str:
    """The printed name with its misread character (if any) put right."""
    name = t.printed_name
    if t.name_typo:
        i = t.name_typo["index"]
        assert name[i] == t.name_typo["printed"] == OCR_LOOKALIKES[t.name_typo["official"]]
        name = name[:i] + t.name_typo["official"] + name[i + 1:]
    return name


def test_varied_truths_keep_every_rule_and_the_year_to_year_continuity(varied: list[ReportTruth]) -> None:
    assert len(varied) == 100 and len({t.report_id for t in varied}) == 100
    for t in varied:
        assert t.violations() == [], t.report_id
    for reports in _by_agency(varied).values():
        assert [r.year for r in reports] == list(range(2019, 2024))
        for prev, cur in pairwise(reports):
            assert check_continuity(prev, cur) == [], cur.report_id


def test_departments_sit_in_the_regions_of_the_generated_governments(varied: list[ReportTruth]) -> None:
    data = [t.to_json() for t in varied]
    for d in data:  # the official name is a region plus an organ
        assert d["agency"] == d["region"] + d["organ"] == "".join(d["region_path"]) + d["organ"]
        assert d["region_government"] == d["region"] + "人民政府"
        assert (d["organ"] == "人民政府") == (d["level"] != "department")
    governments = {d["agency"] for d in data if d["level"] != "department"}
    departments = {d["agency"]: d for d in data if d["level"] == "department"}
    assert len(governments) >= 5 and len(departments) >= 8
    beside = [d for d in departments.values() if d["region_government"] in governments]
    assert len(beside) >= 0.8 * len(departments)
    assert {len(d["region_path"]) for d in beside} == {1, 2}  # city and county departments both
    per_region = Counter(d["region"] for d in beside)
    assert max(per_region.values()) >= 3  # one region with several of its organs
    organs = {d["organ"] for d in departments.values()}
    assert {"公安局", "教育局", "财政局", "发展和改革局"} & organs
    # a county name belongs to one city, so the county without its city is still one place
    city_of: dict[str, set[str]] = defaultdict(set)
    for d in data:
        if len(d["region_path"]) == 2:
            city_of[d["region_path"][1]].add(d["region_path"][0])
    assert city_of and all(len(c) == 1 for c in city_of.values())
    # each department reports its own figures, not its government's
    by_key = {(t.agency.name, t.year): t for t in varied}
    pairs = [(t, by_key[(t.agency.region_government, t.year)]) for t in varied
             if t.level == "department" and (t.agency.region_government, t.year) in by_key]
    assert len(pairs) >= 40
    assert all(d.table3 != g.table3 for d, g in pairs)
    assert sum(d.table3["new"][6] < g.table3["new"][6] for d, g in pairs) > 0.8 * len(pairs)


def test_one_agency_prints_different_names_in_different_years(varied: list[ReportTruth]) -> None:
    official = {t.agency.name for t in varied}
    assert len(official) == 20  # the truth's agency is always the official name
    owner: dict[str, set[str]] = defaultdict(set)
    for t in varied:
        forms = name_forms(t.agency)
        assert _unmisread(t) == forms[t.name_form], t.report_id
        owner[_unmisread(t)].add(t.agency.name)
        assert t.title == f"{t.printed_name}{t.year}{t.style['title_year']}政府信息公开工作年度报告"
        assert t.to_json()["printed_agency"] == t.printed_name
        if t.printed_name != t.agency.name:
            assert any(n.startswith("The report prints the agency as") for n in t.notes)
    # a printed form names one agency only
    assert all(len(agencies) == 1 for agencies in owner.values()), owner
    forms_seen = Counter(t.name_form for t in varied)
    assert {"full", "no_city", "no_government"} <= set(forms_seen)
    assert forms_seen["full"] > len(varied) / 2
    changing = [rs for rs in _by_agency(varied).values() if len({_unmisread(r) for r in rs}) > 1]
    assert len(changing) >= 5
    # 淮安市洪泽区人民政府 vs 洪泽区人民政府: one county-level agency with and without its city
    assert any({"full", "no_city"} <= {r.name_form for r in rs} for rs in changing)
    # the report prints that name: title, body, page chrome; not the official name where it differs
    t = next(x for x in varied if x.name_form == "no_city" and not x.name_typo)
    page = render_html(t, chrome=True)
    assert f"<h1 class=\"article-title\">{t.printed_name}{t.year}" in page
    assert f"来源：{t.printed_name}" in page and t.printed_name in t.preamble
    assert t.agency.name not in t.preamble and f"{t.agency.name}{t.year}" not in page


def test_some_reports_misread_one_character_of_the_place_name(varied: list[ReportTruth]) -> None:
    misread = [t for t in varied if t.name_typo]
    assert 5 <= len(misread) <= 25
    every_name = {n for t in varied for n in name_forms(t.agency).values()}
    for t in misread:
        right = _unmisread(t)
        assert len(right) == len(t.printed_name)
        assert sum(a != b for a, b in zip(right, t.printed_name)) == 1
        assert t.name_typo["index"] < len(t.agency.region)  # in the place name, never the organ
        assert t.printed_name not in every_name
        near = {u.agency.name for u in varied for n in name_forms(u.agency).values()
                if len(n) == len(t.printed_name) and sum(x != y for x, y in zip(n, t.printed_name)) == 1}
        assert near == {t.agency.name}, (t.printed_name, near)  # recoverable: nearest to its own agency only
        assert t.printed_name in t.title and t.agency.name in t.to_json()["agency"]
    for reports in _by_agency(varied).values():  # most of an agency's reports print it right
        assert sum(1 for r in reports if r.name_typo) <= len(reports) // 2


def test_naming_never_changes_a_figure_and_the_default_is_the_tidy_corpus() -> None:
    tidy = generate_truths(8, [2020, 2021, 2022], seed=5)
    assert all(t.printed_name == t.agency.name and t.name_form == "full" and t.name_typo is None for t in tidy)
    named = generate_truths(8, [2020, 2021, 2022], seed=5, variety=Variety(departments=False))
    assert [t.report_id for t in named] == [t.report_id for t in tidy]
    assert [t.cells() for t in named] == [t.cells() for t in tidy]
    assert [t.printed_name for t in named] != [t.printed_name for t in tidy]
    assert [t.title for t in generate_truths(8, [2020, 2021, 2022], seed=5, variety=TIDY)] == [t.title for t in tidy]
    again = generate_truths(8, [2020, 2021, 2022], seed=5, variety=Variety())
    assert [t.printed_name for t in again] == [
        t.printed_name for t in generate_truths(8, [2020, 2021, 2022], seed=5, variety=Variety())]
    other = generate_truths(8, [2020, 2021, 2022], seed=6, variety=Variety())
    assert [t.printed_name for t in again] != [t.printed_name for t in other]


def test_printed_names_survive_the_truth_json(varied: list[ReportTruth]) -> None:
    for t in [x for x in varied if x.name_typo][:3] + [x for x in varied if x.name_form != "full"][:3]:
        data = t.to_json()
        back = ReportTruth.from_json(json.loads(json.dumps(data, ensure_ascii=False)))
        assert (back.printed_name, back.name_form, back.name_typo) == (t.printed_name, t.name_form, t.name_typo)
        assert back.agency.region == t.agency.region and back.to_json() == data
        old = {k: v for k, v in data.items() if k not in ("printed_agency", "name_form", "name_typo")}
        assert ReportTruth.from_json(old).printed_name == t.agency.name  # truth files from before


# ---------------------------------------------------------------------------
# Renderings
# ---------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    a = generate_truths(2, [2020, 2021], seed=3)
    b = generate_truths(2, [2020, 2021], seed=3)
    c = generate_truths(2, [2020, 2021], seed=4)
    for x, y in zip(a, b):
        assert render_html(x, chrome=True) == render_html(y, chrome=True)
        assert render_text(x, 0.6, random.Random(1)) == render_text(y, 0.6, random.Random(1))
        assert render_pdf(x) == render_pdf(y)
        assert render_docx(x) == render_docx(y)
    assert [render_html(x) for x in a] != [render_html(x) for x in c]
    assert [render_text(x, 0.6, random.Random(1)) for x in a] != [render_text(x, 0.6, random.Random(1)) for x in c]


def test_pdf_reads_back_with_labels_and_numbers() -> None:
    import pdfplumber

    for t in generate_truths(3, [2020, 2022], seed=11)[:4]:
        with pdfplumber.open(io.BytesIO(render_pdf(t))) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        flat = _nfkc(text)
        assert _nfkc("本年新收政府信息公开申请数量") in flat
        assert _nfkc("（七）总计") in flat
        line = next(x for x in text.splitlines() if "本年新收政府信息公开申请数量" in x)
        numbers = re.findall(r"\d+", line.split("数量", 1)[1])
        assert numbers[-1] == str(t.table3["new"][6]), line
        total_line = next(x for x in text.splitlines() if _nfkc("（七）总计") in _nfkc(x))
        assert re.findall(r"\d+", total_line)[-1] == str(t.table3["processed_total"][6])
        assert str(t.table4[4]) in text


def test_docx_tables_read_back_with_the_numbers() -> None:
    import docx

    for t in generate_truths(2, [2020, 2021], seed=5):
        document = docx.Document(io.BytesIO(render_docx(t)))
        assert len(document.tables) == 3
        t2, t3, t4 = document.tables
        for row in t3_rows(t.format):
            found = [r for r in t3.rows if r.cells[2].text == row.label]
            assert found, row.label
            values = [int(c.text or 0) for c in found[0].cells[3:]]
            assert values == t.table3[row.id], row.label
        assert [int(c.text or 0) for c in t4.rows[3].cells] == t.table4
        assert t2.rows[0].cells[0].text == t2.rows[0].cells[-1].text == "第二十条第（一）项"


def test_html_has_the_real_layout() -> None:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    for t in generate_truths(2, [2020, 2021], seed=5):
        page = render_html(t, chrome=True)
        n = 20 if t.format == "2019" else 22
        assert f'rowspan="{n}"' in page and 'rowspan="8"' in page and 'rowspan="5"' in page
        assert 'colspan="7"' in page and 'colspan="10"' in page
        tree = HTMLParser(page)
        tables = tree.css("table")
        assert len(tables) == 3
        first_row = tables[1].css("tr")[3]
        cells = [c.text(strip=True) for c in first_row.css("td")]
        assert cells[0] == "一、本年新收政府信息公开申请数量"
        assert [int(c or 0) if c != "\xa0" else 0 for c in cells[1:]] == t.table3["new"]
        assert "当前位置" in page and t.title in page
        assert "当前位置" not in render_html(t, chrome=False)


def test_grids_cover_every_position_once() -> None:
    for t in generate_truths(1, [2020, 2021], seed=2):
        for table in (2, 3, 4):
            grid = table_grid(t, table)
            seen: set[tuple[int, int]] = set()
            for c in grid.cells:
                for r in range(c.row, c.row + c.rowspan):
                    for k in range(c.col, c.col + c.colspan):
                        assert (r, k) not in seen
                        seen.add((r, k))
            assert len(seen) == grid.n_rows * grid.n_cols, (t.report_id, table)


# ---------------------------------------------------------------------------
# Noisy text
# ---------------------------------------------------------------------------


def _t3_labels(fmt: str) -> list[str]:
    labels = [r.label for r in t3_rows(fmt)] + [GROUPS[g].label for g in ("outcomes", "denied", "unable", "notproc")]
    if fmt == "2021":
        labels.append(GROUPS["other"].label)
    return labels + [c.label for c in APPLICANT_COLUMNS] + [APPLICANT_HEADER, ORGANISATION_HEADER.label, T3_NOTE]


def _region(text: str, start: str, end: str) -> str:
    lines = text.splitlines()
    i = next(k for k, x in enumerate(lines) if x.strip() == start)
    j = next(k for k, x in enumerate(lines) if x.strip() == end)
    return "\n".join(x for x in lines[i + 1:j] if not FOOTER.match(x))


def test_text_without_noise_has_every_table3_label_and_no_footer() -> None:
    for t in generate_truths(2, [2020, 2021], seed=1):
        text = render_text(t, 0.0, random.Random(0))
        for label in _t3_labels(t.format):
            assert label in text, label
        assert not any(FOOTER.match(x) for x in text.splitlines())
        assert t.renderings["text"]["applied"] == []
        for f in t.facts:
            assert f["sentence"] in text


def _rule_holds(values: list[int]) -> bool:
    if len(values) == 7:
        return sum(values[:6]) == values[6]
    return all(sum(values[b:b + 4]) == values[b + 4] for b in (0, 5, 10))


def _reinsertions(rest: list[int], n: int) -> set[tuple[int, ...]]:
    """Every full row (n cells) obtained by putting one value 0…9999 back anywhere, rule-consistent."""
    out = set()
    for j in range(n):
        for x in range(0, 10000):
            cand = rest[:j] + [x] + rest[j:]
            if _rule_holds(cand):
                out.add(tuple(cand))
                break  # the rule fixes x for this position
    return out


def test_heavy_noise_loses_labels_but_keeps_the_numbers() -> None:
    truths = generate_truths(6, [2020, 2021], seed=2)
    kinds: set[str] = set()
    for t in truths:
        text = render_text(t, 1.0, random.Random(t.report_id))
        applied = t.renderings["text"]["applied"]
        kinds |= {a["kind"] for a in applied}
        assert any(FOOTER.match(x) for x in text.splitlines())
        flat = normalize_label(text)
        for a in applied:
            if a["kind"] in ("lost_group_label", "split_label"):
                assert normalize_label(a["label"]) not in flat, a
        dropped = {CellKey.parse(a["cell"]) for a in applied if a["kind"] == "dropped_cell"}
        cells = t.cells()
        heads = [f"{s.number}、{s.heading}" for s in SECTIONS]
        # 表四: the 15 values (less any dropped cell) in order once separators and footers are gone
        t4 = _region(text, heads[3], heads[4])
        want = "".join(str(v) for c, v in zip(T4_COLUMNS, t.table4) if CellKey(4, "cases", c.id) not in dropped)
        assert want in re.sub(r"\D", "", t4), t.report_id
        # 表三: every value (less dropped cells) in reading order
        t3 = re.sub(r"\D", "", _region(text, heads[2], heads[3]))
        want3 = "".join(str(cells[CellKey(3, r.id, c.id)]) for r in t3_rows(t.format) for c in APPLICANT_COLUMNS
                        if CellKey(3, r.id, c.id) not in dropped)
        it = iter(t3)
        assert all(ch in it for ch in want3), t.report_id
        # each dropped cell is recoverable without knowing where it was: every position where a
        # value can be put back so that the row's rule holds gives the true row
        for key in dropped:
            if key.table == 3:
                row = t.table3[key.row]
                i = [c.id for c in APPLICANT_COLUMNS].index(key.column)
                assert _reinsertions(row[:i] + row[i + 1:], 7) == {tuple(row)}, (t.report_id, key)
            else:
                i = [c.id for c in T4_COLUMNS].index(key.column.split(":")[-1])
                assert _reinsertions(t.table4[:i] + t.table4[i + 1:], 15) == {tuple(t.table4)}, (t.report_id, key)
    assert {"lost_group_label", "split_label", "page_footers", "dropped_cell"} <= kinds
    assert {"run_together", "vertical_t4_header"} & kinds


def test_render_text_replaces_its_record() -> None:
    t = generate_truths(1, [2021], seed=9)[0]
    render_text(t, 1.0, random.Random(1))
    first = list(t.renderings["text"]["applied"])
    render_text(t, 1.0, random.Random(1))
    assert t.renderings["text"]["applied"] == first
    assert t.to_json()["notes"].count(f"text: {first[0]['note']}") == 1 if first else True


# ---------------------------------------------------------------------------
# Corpus and CLI
# ---------------------------------------------------------------------------


def test_generate_corpus_writes_every_rendering_and_truth(tmp_path: Path) -> None:
    paths = generate_corpus(tmp_path, agencies=2, years=[2020, 2021], seed=1, noise=0.5, progress=False)
    assert len(paths) == 2 * 2 * 5 + 1
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["reports"]) == 4
    for entry in manifest["reports"]:
        for rendering, ext in (("html", "html"), ("pdf", "pdf"), ("docx", "docx"), ("text", "txt")):
            path = tmp_path / rendering / f"{entry['id']}.{ext}"
            assert path.is_file() and path.stat().st_size > 1000
            assert entry["files"][rendering] == f"{rendering}/{entry['id']}.{ext}"
        truth = load_truth(tmp_path / entry["truth"])
        assert truth.violations() == []
        assert truth.to_json()["file"] == f"html/{entry['id']}.html"
        assert "noise" in truth.renderings["text"]
    assert (tmp_path / "pdf" / f"{manifest['reports'][0]['id']}.pdf").read_bytes().startswith(b"%PDF")


def test_cli_generates_and_rejects_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["generate", "--agencies", "1", "--years", "2021", "--renderings", "html,text",
                              "--out", str(tmp_path), "--seed", "2", "--noise", "0"])
    assert res.exit_code == 0, res.output
    assert "wrote 1 reports" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "manifest.json", "text", "truth"]
    bad = [
        (["--years", "2025-2019"], "runs backwards"),
        (["--years", "2017-2019"], "starts with the 2019"),
        (["--years", "20x1"], "not a year"),
        (["--renderings", "html,odt"], "unknown rendering"),
        (["--noise", "1.5"], "--noise"),
        (["--agencies", "0"], "--agencies"),
    ]
    for args, message in bad:
        res = runner.invoke(cli, ["generate", "--out", str(tmp_path / "x"), *args])
        assert res.exit_code == 2, (args, res.output)
        assert message in res.output, (args, res.output)
    assert parse_years("2019-2020,2023") == [2019, 2020, 2023]


def test_cli_turns_the_real_corpus_habits_on_by_default_and_off_by_flags(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["generate", "--agencies", "8", "--years", "2021-2022", "--renderings", "html", "--seed", "5",
            "--noise", "0"]
    res = runner.invoke(cli, [*base, "--out", str(tmp_path / "on")])
    assert res.exit_code == 0, res.output
    on = json.loads((tmp_path / "on" / "manifest.json").read_text(encoding="utf-8"))
    assert on["variety"] | {} == Variety().to_dict()
    assert any(r["printed_agency"] != r["agency"] for r in on["reports"])
    governments = {r["agency"] for r in on["reports"] if r["level"] != "department"}
    first_department = next(r for r in on["reports"] if r["level"] == "department")
    assert load_truth(tmp_path / "on" / first_department["truth"]).agency.region_government in governments
    res = runner.invoke(cli, [*base, "--out", str(tmp_path / "off"), "--no-departments", "--no-name-variants",
                              "--no-typos"])
    assert res.exit_code == 0, res.output
    off = json.loads((tmp_path / "off" / "manifest.json").read_text(encoding="utf-8"))
    assert off["variety"] == TIDY.to_dict()
    assert all(r["printed_agency"] == r["agency"] for r in off["reports"])
    tidy = generate_truths(8, [2021, 2022], seed=5)
    assert [r["agency"] for r in off["reports"]] == [t.agency.name for t in tidy]
    res = runner.invoke(cli, ["generate", "--agencies", "900", "--out", str(tmp_path / "many")])
    assert res.exit_code == 2 and "--no-departments" in res.output, res.output
