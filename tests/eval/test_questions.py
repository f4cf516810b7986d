"""The Q&A datasets: the hand-written items resolve against shared/gold; generated items match the truth."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from eval.questions import (
    KINDS,
    TEMPLATES,
    cell_key_from_labels,
    fact_keywords,
    generate_questions,
    load_handwritten,
    report_cells,
    resolve_items,
    short_agency,
    validate_item,
)
from eval.synth import generate_truths
from index import reportformat as rf
from index.reportformat import CellKey
from tests.conftest import load_gold

# the kinds of the handwritten and generated sets; the wild and dev sets add check, overview, askback
CORE_KINDS = tuple(k for k in KINDS if k not in ("check", "overview", "askback"))

# ---------------------------------------------------------------------------
# Hand-written items
# ---------------------------------------------------------------------------


def test_handwritten_items_are_valid_and_unique():
    items = load_handwritten()
    problems = {it.get("id"): validate_item(it) for it in items if validate_item(it)}
    assert not problems, problems
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids))


def test_handwritten_has_at_least_60_items_in_both_languages_and_every_kind():
    items = load_handwritten()
    assert len(items) >= 60
    langs = Counter(it["language"] for it in items)
    assert langs["zh"] >= 25 and langs["en"] >= 25, langs
    assert set(CORE_KINDS) <= {it["kind"] for it in items}
    assert {it["split"] for it in items} == {"train", "heldout"}
    followups = [it for it in items if it["kind"] == "followup"]
    assert any(len(it["history"]) >= 2 for it in followups)


def test_handwritten_figures_name_gold_cells_by_reference_not_by_number():
    for it in load_handwritten():
        if it["kind"] in ("narrative", "unanswerable"):
            assert "gold_ref" not in it
            continue
        assert "gold_ref" in it, it["id"]
        assert "number" not in it["gold"] and "series" not in it["gold"], it["id"]


def test_every_handwritten_gold_ref_resolves_in_shared_gold(shared_dir: Path):
    items, skipped = resolve_items(load_handwritten(), shared_dir / "gold")
    assert skipped == []
    for it in items:
        if it["kind"] not in ("narrative", "unanswerable"):
            assert isinstance(it["gold"]["number"], (int, float)), it["id"]
        for c in it["gold_citations"]:
            assert c["agency"] and c["year"], it["id"]


def test_resolved_handwritten_golds_are_the_gold_files_cells(shared_dir: Path):
    items = {it["question"]: it for it in resolve_items(load_handwritten(), shared_dir / "gold")[0]}
    huachuan = load_gold(shared_dir, "huachuan-county-2020")
    granted = huachuan["table3"]["（一）予以公开"][6]
    total = huachuan["table3"]["（七）总计"][6]
    assert items["桦川县2020年予以公开的申请有多少件？"]["gold"]["number"] == granted
    assert items["桦川县2020年予以公开率是多少？"]["gold"] == {"unit": "%", "number": pytest.approx(100 * granted / total)}
    procurement = next(e for e in huachuan["table2"] if e["row"] == "政府集中采购" and e["column"] == "采购总金额")
    assert items["What was 桦川县人民政府's total centralised procurement amount in 2020?"]["gold"]["number"] == \
        procurement["value"]
    # the 2021 fee column is printed in 万元: the gold answer is in 元
    pingtan = load_gold(shared_dir, "2021_pingtan")
    fee = next(e for e in pingtan["table2"] if e["row"] == "行政事业性收费")
    assert fee["unit"] == "万元"
    assert items["平潭综合实验区2021年行政事业性收费金额是多少"]["gold"]["number"] == pytest.approx(fee["value"] * 10000)
    # 表四 by its column path; a difference across years; a follow-up
    huaian = load_gold(shared_dir, "2024_huaian-shi")
    direct = huaian["table4"][huaian["table4_columns"].index("行政诉讼/未经复议直接起诉/总计")]
    assert items["淮安市2024年未经复议直接起诉的行政诉讼总计多少件？"]["gold"]["number"] == direct
    new20 = load_gold(shared_dir, "2020_pingtan")["table3"]["一、本年新收政府信息公开申请数量"][6]
    new21 = pingtan["table3"]["一、本年新收政府信息公开申请数量"][6]
    assert items["平潭综合实验区2021年收到的申请比2020年多了多少件？"]["gold"]["number"] == new21 - new20
    assert items["那2021年呢？"]["gold"]["number"] == new21


def test_handwritten_narrative_keywords_occur_in_the_named_report(shared_dir: Path):
    from eval.bench import default_handwritten_corpus
    from index.loaders import load

    files = default_handwritten_corpus()
    texts: dict[str, str] = {}
    for it in load_handwritten():
        if it["kind"] != "narrative":
            continue
        report = it["gold_citations"][0]["report"]
        if report not in texts:
            texts[report] = rf.normalize_label(load(files[report]).text)
        for kw in [*it["gold"]["keywords"], *(k for alt in it["gold"].get("alternatives", []) for k in alt)]:
            assert rf.normalize_label(kw) in texts[report], (it["id"], kw)


def test_resolve_skips_items_whose_gold_file_is_absent(tmp_path: Path):
    items, skipped = resolve_items(load_handwritten(), tmp_path)
    assert {it["kind"] for it in items} == {"unanswerable"}
    assert skipped and all("absent" in why for _, why in skipped)


# ---------------------------------------------------------------------------
# Labels → cells
# ---------------------------------------------------------------------------


def test_cell_key_from_labels_strips_group_prefixes_and_notes():
    secret = CellKey(3, "denied.1", "total")
    assert cell_key_from_labels("表三", "（三）不予公开/1.属于国家秘密", "总计") == secret
    assert cell_key_from_labels(3, "1.属于国家秘密", "总计") == secret
    assert cell_key_from_labels("T3", "三、本年度办理结果/（三）不予公开/1．属于国家秘密", "总计") == secret
    assert cell_key_from_labels("表三", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "自然人") == \
        cell_key_from_labels("表三", "(二)部分公开", "自然人") == CellKey(3, "partial", "natural")
    assert cell_key_from_labels("表二", "第二十条第（一）项 规章", "本年制发件数") == \
        cell_key_from_labels(2, "规章", "本年制发件数", group="第二十条第（一）项") == CellKey(2, "rules", "issued")
    assert cell_key_from_labels("表二", "第二十条第（八）项 行政事业性收费", "本年收费金额（单位：万元）") == \
        CellKey(2, "fees", "amount")
    assert cell_key_from_labels("表四", "案件数量", "行政诉讼/复议后起诉/总计") == CellKey(4, "cases", "suit_after.total")
    assert cell_key_from_labels("表四", None, "行政复议/结果维持") == CellKey(4, "cases", "review.upheld")
    # what names no cell
    assert cell_key_from_labels("表三", "（一）予以公开", "公务员") is None
    assert cell_key_from_labels("表五", "（一）予以公开", "总计") is None
    assert cell_key_from_labels("表三", "五、存在的主要问题", "总计") is None


def test_report_cells_reads_amounts_in_yuan():
    report = {"format": "2021", "table2": [
        {"group": "第二十条第（八）项", "row": "行政事业性收费", "column": "本年收费金额（单位：万元）", "value": 1.25,
         "unit": "万元"}], "table3": {"（一）予以公开": [1, 2, 0, 0, 0, 0, 3]}, "table4": [0] * 15}
    cells = report_cells(report)
    assert cells[CellKey(2, "fees", "amount")] == 12500
    assert cells[CellKey(3, "granted", "commercial")] == 2
    assert cells[CellKey(4, "cases", "review.total")] == 0


def test_short_agency_only_shortens_governments():
    assert short_agency("样例市推演区人民政府") == "样例市推演区"
    assert short_agency("样例市交通运输局") == "样例市交通运输局"
    assert short_agency("平潭综合实验区") == "平潭综合实验区"


def test_validate_item_rejects_broken_items():
    good = {"id": "x", "question": "桦川县2020年予以公开多少件？", "language": "zh", "kind": "figure",
            "split": "train", "gold": {"number": 8, "unit": "件"},
            "gold_citations": [{"report": "huachuan-county-2020", "table": "表三", "row": "（一）予以公开",
                                "column": "总计"}]}
    assert validate_item(good) == []
    assert validate_item({k: v for k, v in good.items() if k != "gold_citations"}) == ["missing key 'gold_citations'"]
    assert validate_item({**good, "language": "fr"})
    assert validate_item({**good, "kind": "guess"})
    assert validate_item({**good, "split": "test"})
    assert validate_item({**good, "gold": {"unit": "件"}})  # no number and no gold_ref
    assert validate_item({**good, "kind": "followup"})  # a follow-up needs history
    assert validate_item({**good, "kind": "unanswerable"})
    assert validate_item({**good, "gold": {"unanswerable": True}})  # unanswerable gold on a figure item
    assert validate_item({**good, "gold": {"unit": "件"}, "gold_ref": {"file": "x", "table": 3, "column": "总计"}})


# ---------------------------------------------------------------------------
# Generated items
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def truths() -> list[dict]:
    return [t.to_json() for t in generate_truths(4, range(2019, 2023), seed=3)]


@pytest.fixture(scope="module")
def generated(truths: list[dict]) -> list[dict]:
    return generate_questions(truths, seed=5)


def _cells_by_report(truths: list[dict]) -> dict[tuple[str, int], dict[CellKey, float]]:
    return {(t["agency"], t["year"]): report_cells(t) for t in truths}


def _cited(cells: dict, c: dict) -> float:
    key = cell_key_from_labels(c["table"], c.get("row"), c["column"], c.get("group"))
    assert key is not None, c
    return cells[(c["agency"], c["year"])][key]


def test_generated_items_are_valid_and_cover_every_kind_in_both_languages(generated: list[dict]):
    assert all(validate_item(it) == [] for it in generated), [validate_item(it) for it in generated if
                                                               validate_item(it)][:3]
    pairs = Counter((it["kind"], it["language"]) for it in generated)
    for kind in CORE_KINDS:
        assert pairs[(kind, "zh")] > 0 and pairs[(kind, "en")] > 0, kind
    assert len({it["id"] for it in generated}) == len(generated)


def test_generated_gold_values_equal_the_truth_cells(truths: list[dict], generated: list[dict]):
    cells = _cells_by_report(truths)
    checked = Counter()
    for it in generated:
        gold, cites, kind = it["gold"], it["gold_citations"], it["kind"]
        if kind in ("figure", "followup"):
            assert gold["number"] == _cited(cells, cites[0])
        elif kind == "derived" or kind == "sum":
            assert gold["number"] == pytest.approx(sum(_cited(cells, c) for c in cites))
        elif kind == "ratio":
            num, den = _cited(cells, cites[0]) + sum(_cited(cells, c) for c in cites[1:-1]), _cited(cells, cites[-1])
            assert gold["number"] == pytest.approx(100 * num / den)
        elif kind in ("change", "compare"):
            assert gold["number"] == _cited(cells, cites[-1]) - _cited(cells, cites[0])
        elif kind == "trend":
            assert [s["number"] for s in gold["series"]] == [_cited(cells, c) for c in cites]
        elif kind == "rank":
            year = cites[0]["year"]
            column = [v for (a, y), cs in cells.items() if y == year
                      for k, v in cs.items() if k == cell_key_from_labels(cites[0]["table"], cites[0].get("row"),
                                                                           cites[0]["column"], cites[0].get("group"))]
            assert gold["number"] == max(column) == _cited(cells, cites[0])
        else:
            continue
        checked[kind] += 1
    assert set(checked) == {"figure", "followup", "derived", "sum", "ratio", "change", "compare", "trend", "rank"}


def test_generated_amounts_are_in_yuan(truths: list[dict], generated: list[dict]):
    fees = [it for it in generated if it["kind"] == "figure" and it["gold_citations"][0]["table"] == "表二"
            and it["gold_citations"][0]["row"] == "行政事业性收费" and it["gold_citations"][0]["year"] >= 2021
            and it["gold"]["number"]]
    assert fees
    for it in fees:
        truth = next(t for t in truths if t["agency"] == it["gold_citations"][0]["agency"]
                     and t["year"] == it["gold_citations"][0]["year"])
        printed = next(e for e in truth["table2"] if e["row"] == "行政事业性收费")
        assert printed["unit"] == "万元" and it["gold"]["unit"] == "元"
        assert it["gold"]["number"] == pytest.approx(printed["value"] * 10000)


def test_generated_figures_cover_every_row_and_applicant_column_in_both_languages(truths, generated):
    for lang in ("zh", "en"):
        keys = {cell_key_from_labels(c["table"], c.get("row"), c["column"], c.get("group"))
                for it in generated if it["kind"] == "figure" and it["language"] == lang for c in it["gold_citations"]}
        rows = {k.row for t in truths for k in report_cells(t) if k.table == 3}
        assert rows <= {k.row for k in keys if k.table == 3}
        assert set(rf.APPLICANT_COLUMN_IDS) <= {k.column for k in keys if k.table == 3}
        assert {k for t in truths for k in report_cells(t) if k.table in (2, 4)} <= keys


def test_heldout_templates_are_present_and_disjoint_from_train(truths, generated):
    train_ids = {it["template"] for it in generated if it["split"] == "train"}
    held_ids = {it["template"] for it in generated if it["split"] == "heldout"}
    assert held_ids and train_ids and not train_ids & held_ids
    assert {t.text for t in TEMPLATES if t.split == "train"}.isdisjoint({t.text for t in TEMPLATES
                                                                          if t.split == "heldout"})
    only_train = generate_questions(truths, seed=5, templates="train")
    only_held = generate_questions(truths, seed=5, templates="heldout")
    assert {it["split"] for it in only_train} == {"train"}
    assert {it["split"] for it in only_held} == {"heldout"}
    assert {it["template"] for it in only_train}.isdisjoint({it["template"] for it in only_held})
    with pytest.raises(ValueError):
        generate_questions(truths, seed=5, templates="dev")  # type: ignore[arg-type]


def test_generated_questions_are_deterministic(truths, generated):
    assert generate_questions(truths, seed=5) == generated
    assert generate_questions(truths, seed=6) != generated


def test_unanswerable_items_name_a_missing_year_or_an_unknown_agency(truths, generated):
    have = {(t["agency"], t["year"]) for t in truths}
    agencies = {t["agency"] for t in truths}
    reasons = Counter()
    for it in generated:
        if it["kind"] != "unanswerable":
            continue
        reasons[it["gold"]["reason"]] += 1
        q = it["question"]
        named = [a for a in agencies if a in q or short_agency(a) in q]
        year = int(re.search(r"20\d\d", q).group())
        if it["gold"]["reason"] == "agency":
            assert not named, q
        elif it["gold"]["reason"] == "year":
            assert named and all((a, year) not in have for a in named), q
        else:
            assert named and any((a, year) in have for a in named), q
    assert set(reasons) == {"year", "agency", "not_recorded"}


def test_narrative_items_ask_about_planted_facts(truths, generated):
    narrative = [it for it in generated if it["kind"] == "narrative"]
    assert narrative
    for it in narrative:
        c = it["gold_citations"][0]
        truth = next(t for t in truths if t["agency"] == c["agency"] and t["year"] == c["year"])
        section = truth["sections"][it["gold"]["section"]]
        assert it["gold"]["text"] in section
        for kw in it["gold"]["keywords"]:
            assert kw in it["gold"]["text"]


def test_fact_keywords_anchor_the_value_in_its_sentence():
    fact = {"fact": "政府网站主动公开政府信息", "value": 817, "unit": "条",
            "sentence": "全年通过样例市推演区人民政府网站主动公开政府信息817条，其中政务动态478条。"}
    assert fact_keywords(fact) == ["政府信息817条"]
    # 17 is inside 817, not a number of its own: fall back on the fact's words
    assert fact_keywords({**fact, "value": 17}) == ["政府网站主动公开政府信息"]
    assert fact_keywords({"fact": "收取信息处理费", "value": 0, "unit": "元", "sentence": "本年度未收取信息处理费。"}) \
        == ["收取信息处理费"]


def test_generated_set_stays_within_budget_for_150_reports():
    many = [t.to_json() for t in generate_truths(22, range(2019, 2026), seed=0)]
    assert len(many) >= 150
    items = generate_questions(many, seed=0)
    assert 2000 <= len(items) <= 3000
    assert json.dumps(items, ensure_ascii=False)  # serialisable
