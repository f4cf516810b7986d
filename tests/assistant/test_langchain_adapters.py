"""GovQA as LangChain parts: the retriever's Documents carry full citations; the tool answers with the
`govqa ask --json` contract, driven by LangChain's fake chat model inside an agent; the README example runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from langchain.agents import create_agent
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant import api
from assistant.answers import Answer
from assistant.cli import cli
from assistant.langchain_adapters import TOOL_NAME, GovQARetriever, govqa_tool

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "index" / "data" / "huachuan-county-2020.txt"
AGENCY = "桦川县人民政府"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("seed-store")
    assert api.ingest(None, store=home, progress=False, vectors=False).ok
    return home


@pytest.fixture(scope="module")
def bot(seed_store: Path):
    return api.open_assistant(seed_store)


class ScriptedChatModel(GenericFakeChatModel):
    """LangChain's fake chat model, accepting tools the way a real one does (it replays its script)."""

    bound: list[str] = []

    def bind_tools(self, tools, **kwargs):  # noqa: ANN001, ANN201
        self.bound = [t.name for t in tools]
        return self


def test_the_retriever_is_a_langchain_retriever_returning_documents_with_their_citation(bot) -> None:
    retriever = GovQARetriever(assistant=bot, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("政府网站全年共发布信息多少条")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    meta = top.metadata
    assert "政府网站全年共发布信息 2159 条" in top.page_content
    assert (meta["agency"], meta["year"], meta["title"]) == (AGENCY, 2020, f"{AGENCY}2020年政府信息公开工作年度报告")
    assert meta["section"] == "一、总体情况 › （一）主动公开" and meta["kind"] == "narrative"
    assert meta["check_status"] == "n/a" and meta["table"] is None and meta["quote"] == top.page_content
    assert top.id == meta["passage_id"] and meta["passage_id"].startswith(meta["report_id"] + ":")
    # the location points into the sample file at a line of the passage
    line = int(re.fullmatch(r"line (\d+)", meta["location"]).group(1))
    assert SAMPLE.read_text(encoding="utf-8").splitlines()[line - 1].strip() in top.page_content
    assert meta["source"] == f"{AGENCY} 2020 · 一、总体情况 › （一）主动公开 · line {line}"
    # metadata values are plain scalars, so the Documents can go into any vector store
    assert all(v is None or isinstance(v, (str, int, float, bool)) for d in docs for v in d.metadata.values())


def test_a_table_row_document_cites_its_cell_with_official_labels_and_check_status(bot) -> None:
    docs = GovQARetriever(assistant=bot, k=10).invoke("予以公开 申请 办理结果")
    row = next(d for d in docs if d.metadata["row"] == "（一）予以公开")
    meta = row.metadata
    assert meta["kind"] == "table_row"
    assert (meta["table"], meta["column"], meta["section"]) == ("表三", "总计", "三、收到和处理政府信息公开申请情况")
    assert meta["check_status"] == "passes"
    # gold (shared/gold/huachuan-county-2020.json): 予以公开 总计 8, printed on line 57 of the sample
    assert meta["location"] == "line 57" and meta["quote"].split("\t")[-1] == "8"
    assert SAMPLE.read_text(encoding="utf-8").splitlines()[56].split("\t")[-1].strip() == "8"


def test_the_retriever_filters_by_agency_part_and_year(bot) -> None:
    assert GovQARetriever(assistant=bot, agency="桦川县", year=2020).invoke("政府网站")
    assert GovQARetriever(assistant=bot, agency="沭阳县").invoke("政府网站") == []
    assert GovQARetriever(assistant=bot, year=2019).invoke("政府网站") == []


def test_the_tool_answers_with_the_json_of_govqa_ask(bot, seed_store: Path) -> None:
    tool = govqa_tool(bot)
    assert tool.name == TOOL_NAME
    schema = convert_to_openai_tool(tool)["function"]
    assert schema["parameters"]["required"] == ["question"] and "question" in schema["parameters"]["properties"]
    question = "2020年桦川县收到多少件政府信息公开申请"
    content = tool.invoke({"question": question})
    cli_out = CliRunner().invoke(cli, ["ask", question, "--json", "--store", str(seed_store)])
    assert cli_out.exit_code == 0, cli_out.output
    assert json.loads(content) == json.loads(cli_out.output)
    got = json.loads(content)
    assert got["values"][0]["value"] == 9  # gold: 本年新收 总计 9
    assert (got["citations"][0]["table"], got["citations"][0]["row"]) == ("表三", "一、本年新收政府信息公开申请数量")


def test_a_fake_chat_model_drives_the_tool_inside_an_agent(seed_store: Path) -> None:
    model = ScriptedChatModel(messages=iter([
        AIMessage("", tool_calls=[{"name": TOOL_NAME, "id": "call-1",
                                   "args": {"question": "how many applications did Huachuan County fully disclose in 2020"}}]),
        AIMessage("Huachuan fully disclosed 8 applications in 2020."),
    ]))
    agent = create_agent(model, tools=[govqa_tool(store=seed_store)])  # the store opens on the first call
    messages = agent.invoke({"messages": [("user", "How many applications did Huachuan fully disclose?")]})["messages"]
    assert model.bound == [TOOL_NAME]
    tool_msgs = [m for m in messages if isinstance(m, ToolMessage)]
    assert len(tool_msgs) == 1 and tool_msgs[0].tool_call_id == "call-1" and tool_msgs[0].status == "success"
    answer = tool_msgs[0].artifact
    assert isinstance(answer, Answer) and json.loads(tool_msgs[0].content) == answer.to_dict()
    assert answer.route == "figures" and answer.values[0].value == 8  # gold: 予以公开 总计 8
    assert (answer.citations[0].row, answer.citations[0].column) == ("（一）予以公开", "总计")
    assert messages[-1].content == "Huachuan fully disclosed 8 applications in 2020."


def test_the_readme_langchain_example_runs_offline_as_written(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In LangChain", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    env.pop("GOVQA_HOME", None)
    env.pop("GOVQA_DATABASE_URL", None)
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert lines[0] == f"{AGENCY} 2020 · 一、总体情况 › （一）主动公开 · line 5"
    assert json.loads(lines[1])["values"][0]["value"] == 9
    assert lines[-1] == "8"
