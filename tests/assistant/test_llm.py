"""The optional LLM writer, driven by LangChain's fake chat models through the real Assistant."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant import api
from assistant.answers import Citation, Value
from assistant.llm import chat_model_from_settings, numbers_in, unsupported_numbers, write_answer
from assistant.qa import Assistant
from index.settings import Settings

QUESTION = "How many items did the government website publish in 2020?"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    home = tmp_path_factory.mktemp("seed-store-llm")
    assert api.ingest(None, store=home, progress=False, vectors=False).ok
    return home


def _assistant(seed_store, model) -> Assistant:
    extractive = api.open_assistant(seed_store)
    return Assistant(extractive.settings, extractive.store, chat_model=model)


def test_a_faithful_llm_answer_replaces_the_quotes_and_keeps_the_citations(seed_store):
    plain = api.open_assistant(seed_store).ask(QUESTION)
    assert "2159" in plain.citations[0].quote
    model = GenericFakeChatModel(messages=iter([AIMessage("The county website published 2,159 items in 2020 [1].")]))
    a = _assistant(seed_store, model).ask(QUESTION)
    assert a.answer.startswith("The county website published 2,159 items in 2020 [1].")
    assert "language model" in a.answer
    assert a.citations == plain.citations and a.values == plain.values


def test_an_llm_that_invents_a_number_is_overruled_by_the_extractive_answer(seed_store):
    plain = api.open_assistant(seed_store).ask(QUESTION)
    model = FakeListChatModel(responses=["The website published 3,000 items in 2020 [1]."])
    a = _assistant(seed_store, model).ask(QUESTION)
    assert a.answer == plain.answer
    assert "3,000" not in a.answer and "2159" in a.answer


def test_an_llm_citing_evidence_it_was_not_given_is_overruled(seed_store):
    plain = api.open_assistant(seed_store).ask(QUESTION)
    model = FakeListChatModel(responses=["The website published 2159 items [7]."])
    assert _assistant(seed_store, model).ask(QUESTION).answer == plain.answer


def test_a_failing_llm_leaves_the_extractive_answer(seed_store):
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):  # noqa: ANN002, ANN003
            raise ConnectionError("model server is down")

    plain = api.open_assistant(seed_store).ask(QUESTION)
    assert _assistant(seed_store, Broken(responses=["x"])).ask(QUESTION).answer == plain.answer


def test_figure_answers_never_go_through_the_llm(seed_store):
    model = FakeListChatModel(responses=["It was 99."])
    a = _assistant(seed_store, model).ask("how many applications did Huachuan County fully disclose in 2020")
    assert a.route == "figures" and a.values[0].value == 8 and "99" not in a.answer


def test_the_guard_accepts_numbers_from_the_evidence_values_and_question_only():
    evidence = ["全年在政府网站发布信息2159条，其中政策解读12篇。"]
    rate = [Value(0.888, "", "rate")]
    assert unsupported_numbers("It published 2,159 items and 12 explainers [1].", evidence, n_citations=1) == []
    assert unsupported_numbers("88.8% were granted.", evidence, rate) == []
    assert unsupported_numbers("In 2020 it published 2159 items.", evidence, question="in 2020?") == []
    assert unsupported_numbers("It published 2160 items.", evidence) == ["2160"]
    assert unsupported_numbers("See [2].", evidence, n_citations=1) == ["[2]"]
    assert numbers_in("1,800.50 and 0012") == {"1800.5", "12"}


def test_the_prompt_carries_only_the_numbered_evidence():
    seen = []

    class Recorder(FakeListChatModel):
        def _call(self, messages, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            seen.extend(messages)
            return "无"

    c = Citation(report_id="r", title="t", agency="示例县人民政府", year=2020, section="一、总体情况",
                 quote="全年发布信息2159条。")
    assert write_answer(Recorder(responses=["无"]), "发布了多少条信息？", "zh", [c]) == "无"
    assert "[1] (示例县人民政府 · 2020 · 一、总体情况) 全年发布信息2159条。" in seen[-1].content
    assert "Chinese" in seen[0].content


def test_no_llm_is_configured_by_default():
    assert chat_model_from_settings(Settings()) is None


def test_settings_name_an_openai_compatible_model_or_an_ollama_one():
    openai = pytest.importorskip("langchain_openai")
    model = chat_model_from_settings(Settings(llm_model="qwen2.5-7b-instruct", llm_base_url="http://127.0.0.1:9/v1"))
    assert isinstance(model, openai.ChatOpenAI)
    assert model.model_name == "qwen2.5-7b-instruct" and str(model.openai_api_base) == "http://127.0.0.1:9/v1"
    ollama = pytest.importorskip("langchain_ollama")
    model = chat_model_from_settings(Settings(llm_model="ollama:qwen2.5"))
    assert isinstance(model, ollama.ChatOllama) and model.model == "qwen2.5"
