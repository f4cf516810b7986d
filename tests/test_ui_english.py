"""English readers and the optional LLM in the chat (issue 12, items 1 and the token streaming), on a
real report (平潭综合实验区 2020, ../shared/reports/real/2020_pingtan.html; values from its gold file)
and LangChain's fake chat model driven through the real interface."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from assistant import api, llm
from assistant.narrative import LLM_NOTE
from tests.conftest import load_gold

AGENCY = "平潭综合实验区"
FIGURE_Q = "how many new requests did 平潭综合实验区 receive in 2020"
TEXT_Q = "What problems did Pingtan report in 2020?"


class ScriptedLLM(GenericFakeChatModel):
    """Answers a wording request with ``answer`` (streamed word by word by GenericFakeChatModel) and a
    translation request with ``translate(quote)``; records every request."""

    messages: Any = iter(())
    answer: str = ""
    translate: Callable[[str], str] = staticmethod(lambda quote: "")
    calls: list = Field(default_factory=list)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.calls.append(messages)
        text = self.translate(messages[-1].content) if messages[0].content == llm.TRANSLATE_PROMPT else self.answer
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GOVQA_HOME", "GOVQA_DATABASE_URL", "GOVQA_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOVQA_VECTORS", "false")


@pytest.fixture(scope="module")
def store(real_reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("english") / "store"
    assert api.ingest([real_reports / "2020_pingtan.html"], store=home, progress=False, vectors=False).ok
    return home


@pytest.fixture(scope="module")
def gold(shared_dir: Path) -> dict:
    return load_gold(shared_dir, "2020_pingtan")


def _app(store: Path, model: Any = None):
    import ui

    return ui.GovQAApp(store, chat_model=model)


def _run(app, question: str) -> list[str]:
    """The chat's answer message at every yield."""
    return [step[0][-1]["content"] for step in app.respond(question, [], api.Conversation(), [])]


def _text(message: str) -> str:
    m = re.search(r'<div class="govqa-text[^"]*"[^>]*>(.*?)</div>', message)
    assert m, message
    return html.unescape(re.sub(r"<br>", "\n", m.group(1)))


def _content(content: Any) -> str:
    """A chat message's content as the API sends it: a string or a list of text parts."""
    if isinstance(content, list):
        return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    return str(content)


def _sources(message: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", " ", li)) for li in
            re.findall(r'<li class="govqa-source".*?</li>', message)]


def test_an_english_figure_answer_frames_its_row_in_english(store: Path, gold: dict) -> None:
    final = _run(_app(store), FIGURE_Q)[-1]
    new_total = gold["table3"]["一、本年新收政府信息公开申请数量"][-1]
    assert str(new_total) in _text(final)
    sources = _sources(final)
    assert sources and all("src-en" not in s for s in sources)  # tags stripped: the text is checked below
    assert 'class="src-en"' in final and final.count('class="src-en"') == final.count('class="govqa-source"')
    first = " ".join(sources[0].split())
    # the cell in the format's English, the section in English, the row label glossed
    assert "Table 3: requests received and handled › new requests received this year · total" in first
    assert "Section 3, Requests received and handled" in first
    assert "本年新收政府信息公开申请数量 = new requests received this year" in first
    assert f"<mark>{new_total}</mark>" in final
    # the copy button's plain text carries the same framing
    plain = html.unescape(re.search(r'<pre class="govqa-plain" hidden>(.*?)</pre>', final).group(1))
    assert "Table 3: requests received and handled › new requests received this year · total" in plain


def test_an_english_text_answer_names_its_sections_in_english(store: Path) -> None:
    final = _run(_app(store), TEXT_Q)[-1]
    text = _text(final)
    assert "Section 5, Main problems and improvements" in text and "section 五、" not in text
    sources = _sources(final)
    assert sources and all("Section 5, Main problems and improvements" in s for s in sources)
    assert "translation" not in final  # no LLM, no translation


def test_a_chinese_question_gets_no_english_framing(store: Path) -> None:
    final = _run(_app(store), "2020年平潭综合实验区本年新收政府信息公开申请数量是多少")[-1]
    assert "<details" in final and 'class="src-en"' not in final


def test_the_chat_streams_the_models_tokens_before_its_checked_answer(store: Path) -> None:
    plain = api.open_assistant(store).ask(TEXT_Q)
    assert plain.route == "narrative" and plain.citations
    wording = "Pingtan says its grassroots disclosure needs more standardisation [1]; it will guide departments [2]."
    model = ScriptedLLM(answer=wording, translate=lambda quote: f"(in English) {quote}", calls=[])
    steps = _run(_app(store, model), TEXT_Q)
    drafts = [_text(s) for s in steps if 'govqa-text draft' in s]
    assert len(drafts) >= 5, "one yield per streamed token"
    assert all(wording.startswith(d) for d in drafts) and len(set(drafts)) == len(drafts)
    assert drafts[0] != wording, "partial text is shown before the whole answer"
    final = steps[-1]
    assert _text(final) == f"{wording}\n{LLM_NOTE['en']}"
    assert "<details" in final and 'govqa-text draft' not in final
    # the quotes (sentences of the report) are translated, each shown beside its quote
    translations = re.findall(r'class="src-en-translation">(.*?)</div>', final)
    assert len(translations) == len(plain.citations)


def test_a_streamed_draft_with_an_invented_number_gives_way_to_the_extractive_answer(store: Path) -> None:
    plain = api.open_assistant(store).ask(TEXT_Q)
    model = ScriptedLLM(answer="Pingtan found 37 problems in 2020 [1].", translate=lambda q: q, calls=[])
    steps = _run(_app(store, model), TEXT_Q)
    assert any("37" in _text(s) for s in steps if "govqa-text draft" in s)  # shown as a draft while it came
    assert "37" not in _text(steps[-1]) and _text(steps[-1]) == plain.answer


def test_a_translation_that_changes_a_number_is_not_shown(store: Path) -> None:
    model = ScriptedLLM(answer="", translate=lambda quote: f"In 2021: {quote}", calls=[])
    final = _run(_app(store, model), TEXT_Q)[-1]
    assert "src-en-translation" not in final and 'class="src-en"' in final


def test_translate_quote_accepts_the_quotes_numbers_only(real_reports: Path) -> None:
    text = (real_reports / "2020_pingtan.txt").read_text(encoding="utf-8")
    quote = re.search(r"[^。\n]*共受理政府信息公开申请21件[^。\n]*。", text).group(0)
    numbers = re.findall(r"\d+", quote)
    assert "21" in numbers and "2020" in numbers

    def model(reply: str) -> ScriptedLLM:
        return ScriptedLLM(translate=lambda q: reply, calls=[])

    faithful = "In 2020 the Experimental Zone accepted 21 requests for government information" + \
        "".join(f" ({n})" for n in numbers if n not in ("21", "2020"))
    assert llm.translate_quote(model(faithful), quote) == faithful
    assert llm.translate_quote(model(faithful.replace("21", "12")), quote) is None  # a number changed
    assert llm.translate_quote(model(faithful + " and 3 more"), quote) is None  # a number added
    assert llm.translate_quote(model(faithful.replace("21 ", "")), quote) is None  # a number dropped
    assert llm.translate_quote(model(""), quote) is None


def test_the_running_app_sends_the_models_tokens_before_the_answer(store: Path) -> None:
    """Over the app's own API (Gradio's queue, as the browser gets it): partial text arrives first."""
    import socket

    from gradio_client import Client

    import ui

    wording = "Pingtan says its grassroots disclosure needs more standardisation [1]."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = ui.serve(store=store, port=port, block=False,
                    chat_model=ScriptedLLM(answer=wording, translate=lambda q: q, calls=[]))
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        job = client.submit(TEXT_Q, [], api_name="/ask")
        job.result(timeout=60)
        texts = [_text(_content(out[0][-1]["content"])) for out in job.outputs() if out and out[0]]
        drafts = [t for t in texts if t and wording.startswith(t) and t != wording]
        assert len(drafts) >= 3, texts
        assert texts[-1] == f"{wording}\n{LLM_NOTE['en']}"
    finally:
        demo.close()
