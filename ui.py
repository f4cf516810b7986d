"""The GovQA web app (Gradio): Ask (public chat), Figures (tables, checks, comparisons), Reports
(the list for everyone; upload, replace and delete for signed-in staff).

Layout and event wiring only: answers come from :mod:`assistant.api`, their HTML and plain text from
:mod:`assistant.render`, every other page from :mod:`assistant.views` (Jinja2 templates in
``assistant/templates/``, CSS and browser code in ``assistant/static/``). The public app is
read-only: every handler that writes checks the server-side staff session (:mod:`assistant.staff`)
itself, whatever the page shows.

    govqa serve [--store DIR] [--host 127.0.0.1] [--port 7860]      # GOVQA_STAFF_PASSWORD enables staff

or from Python::

    import ui
    demo = ui.build_app(store="~/govqa")      # gr.Blocks; demo.govqa_app is the GovQAApp behind it
    ui.serve(store="~/govqa", port=7860)      # queue + launch on 127.0.0.1
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import json  # noqa: E402
import logging  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402
import weakref  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gradio as gr  # noqa: E402

from assistant import api, render, staff  # noqa: E402
from assistant.chat import AnswerStager
from assistant.compose import ACROSS_VIEW  # noqa: E402
from assistant.views import Views, link, note  # noqa: E402

log = logging.getLogger("govqa.ui")

#: Upload whitelist (lower-case suffixes); anything else is refused before it touches the store.
UPLOAD_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
#: Events running at once per event type (Gradio queue); the rest wait in the queue.
DEFAULT_CONCURRENCY = 16
#: Longest question accepted (characters); longer input is cut.
MAX_QUESTION_CHARS = 500
#: Gradio's temporary files (uploads nobody ingested) are deleted when older than this, this often.
UPLOAD_SWEEP_SECONDS = 3600
#: Questions kept per conversation (in the browser, replayed after a reload).
MAX_TURNS_KEPT = 20
STATIC = Path(__file__).resolve().parent / "assistant" / "static"
CSS_PATH = STATIC / "govqa.css"
JS_PATH = STATIC / "govqa.js"

Chat = tuple[list[dict[str, Any]], api.Conversation, list[str], str, list[str]]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _dd(choices: Sequence[Any], value: Any) -> Any:
    return gr.update(choices=list(choices), value=value)


def _paths(files: Sequence[Any] | None) -> list[Path]:
    return [Path(getattr(f, "name", f)) for f in (files or []) if f]


def _discard(files: Sequence[Any] | None) -> None:
    """Delete Gradio's temporary copies of uploaded files (after ingest, or when refused)."""
    for p in _paths(files):
        try:
            if p.is_file():
                p.unlink()
        except OSError:
            log.warning("could not delete the temporary upload %s", p)


class GovQAApp:
    """The state behind the Blocks: the store, the opened :class:`~assistant.qa.Assistant`, the views,
    and one method per event. Tests call the methods directly."""

    def __init__(self, store: str | os.PathLike[str] | None = None, chat_model: Any = None):
        """``chat_model``: a LangChain chat model (default: the one ``GOVQA_LLM_MODEL`` names, if any)."""
        self.store = str(store) if store is not None else None
        self.settings = api.resolve_settings(store=self.store)
        # The assistant answers extractively; the chat streams the model's wording itself (AnswerStager).
        self.assistant = api.Assistant(self.settings, api.open_store(self.settings, create=True), chat_model=None)
        self.stager = AnswerStager(lambda: chat_model if chat_model is not None else self._settings_model())
        self._exports = Path(tempfile.mkdtemp(prefix="govqa-exports-"))
        weakref.finalize(self, shutil.rmtree, self._exports, True)
        self.views = Views(self.store, self._exports)
        self.metrics = self.views.metrics
        self.default_metric = next((k for _, k in self.metrics if k == "T3:new:total"), self.metrics[0][1])

    def _settings_model(self) -> Any:
        from assistant.llm import chat_model_from_settings

        return chat_model_from_settings(self.settings)

    # ----- Ask -----------------------------------------------------------------------------------
    def welcome_message(self) -> dict[str, Any]:
        html, examples = self.views.welcome()
        return {"role": "assistant", "content": render.one_block(html),
                "options": [{"value": q, "label": q} for q in examples]}

    def _ask(self, question: str, conversation: api.Conversation) -> tuple[Any, dict[str, Any] | None]:
        """(the answer, None), or (None, the error message)."""
        try:
            answer = self.assistant.ask(question, conversation)
        except Exception as exc:  # noqa: BLE001 — the public never sees a traceback
            log.exception("ask failed")
            return None, {"role": "assistant", "content": render.message_html(
                f"Sorry, this question could not be answered ({type(exc).__name__}). · 抱歉，无法回答这个问题。")}
        del conversation.turns[:-MAX_TURNS_KEPT]
        return answer, None

    @staticmethod
    def _message(answer: Any, html: str) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": html}
        alternatives = render.readings(answer)
        if alternatives:
            message["options"] = [{"value": q, "label": q} for q in alternatives]
        return message

    def _answer(self, question: str, conversation: api.Conversation) -> tuple[dict[str, Any], Any]:
        answer, error = self._ask(question, conversation)
        if answer is None:
            return error, None  # type: ignore[return-value]
        return self._message(answer, self.stager.final(question, answer)), answer

    def replay(self, questions: Sequence[str]) -> tuple[list[dict[str, Any]], api.Conversation, list[str]]:
        """The chat rebuilt from its questions (after a reload, an undo or an edit): answers are
        quick, so each is asked again, in order, keeping the follow-up context."""
        history = [self.welcome_message()]
        conversation = api.Conversation()
        asked = [q for q in (str(x).strip()[:MAX_QUESTION_CHARS] for x in questions or ()) if q][-MAX_TURNS_KEPT:]
        for q in asked:
            history.append({"role": "user", "content": render.chat_escape(q)})
            history.append(self._answer(q, conversation)[0])
        return history, conversation, asked

    def respond(self, message: str, history: list[dict[str, Any]] | None, conversation: api.Conversation | None,
                asked: list[str] | None = None) -> Iterator[Chat]:
        """The chat: answer ``message`` (a follow-up within ``conversation``) in stages — the question
        at once with a note, then the answer text (with an LLM: its tokens as they arrive), then its
        sources. Yields (history, conversation, questions asked, textbox, the questions for the browser
        to keep)."""
        history = [m for m in (history or []) if isinstance(m, dict)]
        conversation = conversation if isinstance(conversation, api.Conversation) else api.Conversation()
        asked = list(asked or [])
        question = (message or "").strip()[:MAX_QUESTION_CHARS]
        if not question:
            yield history, conversation, asked, "", asked
            return
        history.append({"role": "user", "content": render.chat_escape(question)})
        yield ([*history, {"role": "assistant", "content": render.message_html(
            "Reading the question and looking it up… · 正在理解问题并查找…", error=False)}],
               conversation, asked, "", asked)
        answer, error = self._ask(question, conversation)
        asked = [*asked, question][-MAX_TURNS_KEPT:]
        if answer is None:
            yield [*history, error], conversation, asked, "", asked
            return
        for html in self.stager.stages(question, answer):
            yield [*history, self._message(answer, html)], conversation, asked, "", asked

    def pick_option(self, history: list[dict[str, Any]], conversation: api.Conversation, asked: list[str],
                    evt: gr.SelectData) -> Iterator[Chat]:
        """An example question or a question back (a reading), chosen in the chat."""
        yield from self.respond(str(evt.value), history, conversation, asked)

    def retry(self, asked: list[str]) -> Iterator[Chat]:
        """Ask the last question again."""
        if not asked:
            history, conversation, _ = self.replay([])
            yield history, conversation, [], "", []
            return
        history, conversation, kept = self.replay(asked[:-1])
        yield from self.respond(asked[-1], history, conversation, kept)

    def undo(self, asked: list[str]) -> Chat:
        """Take the last question back (it returns to the question box)."""
        history, conversation, kept = self.replay(list(asked or [])[:-1])
        return history, conversation, kept, (asked[-1] if asked else ""), kept

    def edit(self, history: list[dict[str, Any]], asked: list[str], evt: gr.EditData) -> Iterator[Chat]:
        """An edited question replaces it and every later turn."""
        n = sum(1 for m in (history or [])[: evt.index] if isinstance(m, dict) and m.get("role") == "user")
        value = evt.value if isinstance(evt.value, str) else str(evt.value or "")
        before, conversation, kept = self.replay(list(asked or [])[:n])
        yield from self.respond(value, before, conversation, kept)

    def clear_chat(self) -> Chat:
        history, conversation, asked = self.replay([])
        return history, conversation, asked, "", asked

    # ----- Figures -------------------------------------------------------------------------------
    def agencies(self) -> list[str]:
        return self.views.agencies()

    def years(self, agency: str | None) -> list[int]:
        return self.views.years(agency)

    def figures_view(self, agency: str | None, year: Any, compare_year: Any = None, only_diff: bool = True,
                     focus: str | None = None, report_id: str | None = None) -> tuple[Any, ...]:
        """(head, 表二, 表三, 表四, checks, comparison, CSV, XLSX, JSON, comparison files)."""
        page = self.views.figures_page(agency, _int(year), _int(compare_year), only_diff, focus, report_id)
        return (page.head, *page.tables, page.checks, page.compare, page.files.get("csv"), page.files.get("xlsx"),
                page.files.get("json"), page.compare_files or None)

    def cell_views(self, agency: str | None, year: Any, metric: str | None, sort: str) -> tuple[Any, ...]:
        """(trend over the years, across agencies, its files)."""
        across, files = self.views.across(_int(year), metric, "agency" if sort and "agency" in sort else "value")
        return self.views.trend(agency, metric), across, files or None

    def pick_agency(self, agency: str | None, metric: str | None, only_diff: bool, sort: str) -> tuple[Any, ...]:
        years = self.years(agency)
        year = years[0] if years else None
        compare = years[1] if len(years) > 1 else None
        return (_dd(years, year), _dd([None, *years], compare), *self.figures_view(agency, year, compare, only_diff),
                *self.cell_views(agency, year, metric, sort))

    def pick_year(self, agency: str | None, year: Any, compare: Any, metric: str | None, only_diff: bool,
                  sort: str) -> tuple[Any, ...]:
        return (*self.figures_view(agency, year, compare, only_diff), *self.cell_views(agency, year, metric, sort))

    # ----- Reports (public list; staff writes) ------------------------------------------------------
    def reports_html(self) -> str:
        return self.views.reports_html()

    def consistency_html(self) -> str:
        return self.views.consistency_html()

    def sign_in(self, user: str, password: str) -> tuple[Any, ...]:
        session = staff.sign_in(user, password)
        if session is None:
            return (None, note("Wrong user name or password, or staff sign-in is not set up "
                               "(GOVQA_STAFF_PASSWORD). · 用户名或密码错误。", "govqa-error", "alert"),
                    gr.update(visible=False), "")
        return (session, note(f"Signed in as {session.user}. · 已登录。", "govqa-ok", "status"),
                gr.update(visible=True), "")

    def sign_out(self) -> tuple[Any, ...]:
        return None, note("Signed out. · 已退出。"), gr.update(visible=False), ""

    def ingest_uploads(self, files: Sequence[Any] | None, session: Any = None,
                       progress: gr.Progress | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Staff only: check, copy into ``<store>/uploads/`` under generated names, ingest one by one,
        and delete the temporary uploads whatever happens. Returns (result HTML, one dict per file)."""
        try:
            if not staff.is_staff(session):
                return render.render("upload.html", results=[], message=staff.REFUSED), []
            return self._ingest(_paths(files), progress)
        finally:
            _discard(files)

    def _ingest(self, items: list[Path], progress: gr.Progress | None) -> tuple[str, list[dict[str, Any]]]:
        if not items:
            return render.render("upload.html", results=[], message="Choose one or more files first. · 请先选择文件。"), []
        limit_mb = float(self.settings.max_file_mb)
        results: list[dict[str, Any]] = []
        accepted: list[tuple[Path, str]] = []
        for p in items:
            reason = self._refusal(p, limit_mb)
            if reason:
                results.append({"name": p.name, "outcome": "rejected", "reason": reason})
            else:
                accepted.append((p, p.name))
        if progress is not None and accepted:
            progress(0.0, desc=f"ingesting {len(accepted)} file{'s' if len(accepted) != 1 else ''}")
        for p, name in accepted:
            results.append(self._ingest_one(p, name))
        if any(r["outcome"] in ("added", "replaced") for r in results):
            self.assistant.refresh()
            self.views.changed()
        if progress is not None and accepted:
            progress(1.0, desc="done")
        ok = [r for r in results if r.get("query")]
        action = "Open the new report from its link. · 点击链接查看新年报。" if ok else ""
        return render.render("upload.html", results=results, n_ok=sum(r["outcome"] in ("added", "replaced")
                                                                        for r in results),
                             n_bad=sum(r["outcome"] in ("failed", "rejected") for r in results), action=action), results

    @staticmethod
    def _refusal(p: Path, limit_mb: float) -> str:
        suffix = p.suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            return f"unsupported file type '{suffix or '(none)'}' — accepted: {', '.join(UPLOAD_SUFFIXES)}"
        try:
            size = p.stat().st_size
        except OSError:
            return "the upload could not be read"
        if size > limit_mb * 1024 * 1024:
            return f"file too large: {size / 1048576:.2f} MiB (limit {limit_mb:g} MiB)"
        return "the file is empty" if size == 0 else ""

    def _ingest_one(self, p: Path, name: str) -> dict[str, Any]:
        uploads = self.settings.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        dest = uploads / f"{uuid.uuid4().hex}{p.suffix.lower()}"
        side = dest.with_suffix(".json")
        keep = False
        try:
            shutil.copyfile(p, dest)
            side.write_text(json.dumps({"original_name": name, "uploaded_at": _now(), "size": dest.stat().st_size},
                                       ensure_ascii=False), encoding="utf-8")
            summary = api.ingest([dest], store=self.store, progress=False)
            r = summary.results[0] if summary.results else None
            if r is None:
                return {"name": name, "outcome": "failed", "reason": "nothing was read"}
            if r.outcome in ("added", "replaced", "unchanged"):
                keep = r.outcome != "unchanged"
                return {"name": name, "outcome": r.outcome, "agency": r.agency, "year": r.year,
                        "report_id": r.report_id, "figures": r.n_figures, "failed_checks": r.n_failed_checks,
                        "reason": "already stored (same content)" if r.outcome == "unchanged" else "",
                        "query": link(agency=r.agency, year=r.year, report=r.report_id)}
            return {"name": name, "outcome": "failed",
                    "reason": (r.reason or r.outcome).replace(str(dest), name).replace(dest.name, name)}
        except Exception as exc:  # noqa: BLE001 — one plain reason per file
            log.exception("upload failed")
            return {"name": name, "outcome": "failed",
                    "reason": f"{type(exc).__name__}: {exc}".replace(str(dest), name).replace(dest.name, name)}
        finally:
            if not keep:
                dest.unlink(missing_ok=True)
                side.unlink(missing_ok=True)

    def upload(self, files: Sequence[Any] | None, session: Any,
               progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008 — Gradio's idiom
        """The upload event (staff only): ingest, then refresh every list of reports."""
        result, _ = self.ingest_uploads(files, session, progress)
        return (result, None, *self.refresh_lists())

    def replace(self, files: Sequence[Any] | None, target: str | None, session: Any) -> tuple[Any, ...]:
        """Staff only: ingest one file in place of a stored report (the old one is deleted only once
        the new one is stored)."""
        try:
            if not staff.is_staff(session):
                return (render.render("upload.html", results=[], message=staff.REFUSED), None, *self.refresh_lists())
            items = _paths(files)
            if len(items) != 1 or not target:
                msg = "Choose one file and the report it replaces. · 请选择一个文件和要替换的年报。"
                return (render.render("upload.html", results=[], message=msg), None, *self.refresh_lists())
            _, results = self._ingest(items, None)
            r = results[0]
            if r["outcome"] in ("added", "replaced", "unchanged") and r.get("report_id") != target:
                old = api.delete_report(target, store=self.store)
                if old is not None:
                    r["reason"] = f"replaces {old.agency} {old.year} ({target[:8]})"
                    self.assistant.refresh()
                    self.views.changed()
            html = render.render("upload.html", results=results, n_ok=int(r["outcome"] in ("added", "replaced")),
                                 n_bad=int(r["outcome"] in ("failed", "rejected")), action="")
            return (html, None, *self.refresh_lists())
        finally:
            _discard(files)

    def delete(self, target: str | None, confirm: bool, session: Any) -> tuple[Any, ...]:
        """Staff only: delete a stored report (figures, checks, passages, vectors)."""
        if not staff.is_staff(session):
            return (render.render("upload.html", results=[], message=staff.REFUSED), *self.refresh_lists())
        if not target or not confirm:
            msg = "Choose a report and tick the confirmation. · 请选择年报并勾选确认。"
            return (render.render("upload.html", results=[], message=msg), *self.refresh_lists())
        old = api.delete_report(target, store=self.store)
        if old is None:
            return (render.render("upload.html", results=[], message="No such report. · 没有该年报。"),
                    *self.refresh_lists())
        self.assistant.refresh()
        self.views.changed()
        results = [{"name": self.views.display_name(old), "outcome": "deleted", "agency": old.agency,
                    "year": old.year, "reason": ""}]
        return (render.render("upload.html", results=results, n_ok=0, n_bad=0, action="Deleted. · 已删除。"),
                *self.refresh_lists())

    def refresh_lists(self) -> tuple[Any, ...]:
        """(reports, consistency, agency choices, the staff's report choices ×2) after the store changed."""
        agencies = self.agencies()
        choices = self.views.report_choices()
        return (self.reports_html(), self.consistency_html(), gr.update(choices=agencies),
                _dd(choices, None), _dd(choices, None))

    # ----- page load ------------------------------------------------------------------------------
    def on_load(self, saved: list[str] | None, metric: str | None, only_diff: bool, sort: str,
                request: gr.Request | None = None) -> tuple[Any, ...]:
        """A page load: the chat kept in the browser (and ``?q=`` asked), the Figures tab on
        ``?agency=&year=&cell=&report=``, fresh report lists."""
        params = dict(request.query_params) if request is not None else {}
        history, conversation, asked = self.replay(saved if isinstance(saved, list) else [])
        q = (params.get("q") or "").strip()
        if q and (not asked or asked[-1] != q):
            *_, last = self.respond(q, history, conversation, asked)
            history, conversation, asked = last[0], last[1], last[2]
        agencies = self.agencies()
        agency = params.get("agency") if params.get("agency") in agencies else (agencies[0] if agencies else None)
        years = self.years(agency)
        year = _int(params.get("year"))
        year = year if year in years else (years[0] if years else None)
        compare = next((y for y in years if y != year), None)
        tab = "figures" if params.get("agency") or params.get("cell") or params.get("report") else "ask"
        if params.get("tab") in ("ask", "figures", "reports"):
            tab = params["tab"]
        figures = self.figures_view(agency, year, compare, only_diff, params.get("cell"), params.get("report"))
        reports, checks, _, replace_choices, delete_choices = self.refresh_lists()
        return (gr.Tabs(selected=tab), history, conversation, asked, asked, _dd(agencies, agency), _dd(years, year),
                _dd([None, *years], compare), *figures, *self.cell_views(agency, year, metric, sort),
                reports, checks, replace_choices, delete_choices, render.render("ready.html"))

    # ----- layout ---------------------------------------------------------------------------------
    def blocks(self) -> gr.Blocks:
        # Files anyone can post to Gradio's upload route, but no write event takes without a sign-in,
        # are swept after an hour (the handlers delete the ones they see at once).
        with gr.Blocks(title="GovQA · 政府信息公开年报问答", analytics_enabled=False,
                       delete_cache=(UPLOAD_SWEEP_SECONDS, UPLOAD_SWEEP_SECONDS)) as demo:
            gr.Markdown("## GovQA · 政府信息公开年报问答\nAsk about the stored government information-disclosure "
                        "annual reports, in Chinese or English; figures come only from the reports' own tables, "
                        "with sources. · 用中文或英文提问；数字只取自年报表格，并注明出处。", elem_id="govqa-title")
            with gr.Tabs(selected="ask", elem_id="govqa-tabs") as tabs:
                with gr.Tab("Ask · 提问", id="ask", elem_id="tab-ask"):
                    chatbot = gr.Chatbot(label="GovQA chat · 问答", height="58vh", latex_delimiters=[],
                                         elem_id="govqa-chat", buttons=[], editable="user", feedback_options=None,
                                         group_consecutive_messages=False, value=[self.welcome_message()])
                    with gr.Row(elem_id="govqa-ask-row", equal_height=True):
                        question = gr.Textbox(show_label=False, label="Question · 问题", scale=8, max_lines=4,
                                              elem_id="govqa-question", max_length=MAX_QUESTION_CHARS, lines=1,
                                              placeholder="Ask a question · 请输入问题，例如：2020年桦川县收到多少件申请？")
                        ask_btn = gr.Button("Ask · 提问", variant="primary", scale=1, min_width=70, elem_id="govqa-ask")
                        clear_btn = gr.Button("New · 新对话", scale=1, min_width=70, elem_id="govqa-clear")
                    conversation = gr.State(api.Conversation())
                    asked = gr.State([])
                    saved = gr.BrowserState([], storage_key="govqa-questions")

                with gr.Tab("Figures · 数字", id="figures", elem_id="tab-figures"):
                    with gr.Row():
                        agency_dd = gr.Dropdown(label="Agency · 机关", choices=[], elem_id="fig-agency", scale=3)
                        year_dd = gr.Dropdown(label="Year · 年份", choices=[], elem_id="fig-year", scale=1)
                        compare_dd = gr.Dropdown(label="Compare with · 对比年份", choices=[], elem_id="fig-compare",
                                                 scale=1)
                        show_btn = gr.Button("Show · 显示", variant="primary", scale=1, elem_id="fig-show")
                    head_html = gr.HTML(elem_id="fig-head")
                    t2_html, t3_html, t4_html = (gr.HTML(elem_id=f"fig-t{t}") for t in (2, 3, 4))
                    with gr.Row():
                        csv_btn = gr.DownloadButton("CSV", value=None, elem_id="fig-csv", size="sm")
                        xlsx_btn = gr.DownloadButton("XLSX", value=None, elem_id="fig-xlsx", size="sm")
                        json_btn = gr.DownloadButton("JSON", value=None, elem_id="fig-json", size="sm")
                    with gr.Accordion("Failing checks, explained · 未通过的勾稽关系", open=True):
                        checks_html = gr.HTML(elem_id="fig-checks")
                    with gr.Accordion("Two years side by side · 年度对比", open=True):
                        only_diff = gr.Checkbox(value=True, label="Only cells that differ · 只列出有变化的单元格")
                        comp_html = gr.HTML(elem_id="fig-compare-table")
                        comp_files = gr.File(label="Export · 导出", file_count="multiple", interactive=False,
                                             elem_id="fig-compare-files", height=120)
                    with gr.Accordion(f"{ACROSS_VIEW[1]} · {ACROSS_VIEW[0]}", open=True):
                        metric_dd = gr.Dropdown(label="Cell · 指标", choices=self.metrics, value=self.default_metric,
                                                elem_id="fig-metric")
                        trend_html = gr.HTML(elem_id="fig-trend")
                        sort_radio = gr.Radio(["by value · 按数值", "by agency · 按机关"], value="by value · 按数值",
                                              label="Sort · 排序", elem_id="fig-sort")
                        across_html = gr.HTML(elem_id="fig-across")
                        across_files = gr.File(label="Export · 导出", file_count="multiple", interactive=False,
                                               elem_id="fig-across-files", height=120)

                with gr.Tab("Reports · 年报", id="reports", elem_id="tab-reports"):
                    gr.Markdown("### Stored reports · 已收录年报")
                    reports_html = gr.HTML(elem_id="rep-list")
                    gr.Markdown("### Consistency · 勾稽关系校验（未通过的规则）")
                    consistency = gr.HTML(elem_id="rep-consistency")
                    with gr.Accordion("Staff · 工作人员", open=False, elem_id="rep-staff"):
                        session = gr.State(None)
                        with gr.Row():
                            user_box = gr.Textbox(label="User · 用户名", value="staff", elem_id="staff-user")
                            password_box = gr.Textbox(label="Password · 密码", type="password",
                                                      elem_id="staff-password")
                            sign_in_btn = gr.Button("Sign in · 登录", variant="primary", elem_id="staff-sign-in")
                            sign_out_btn = gr.Button("Sign out · 退出", elem_id="staff-sign-out")
                        staff_status = gr.HTML(elem_id="staff-status")
                        with gr.Column(visible=False, elem_id="staff-panel") as staff_panel:
                            gr.Markdown(f"Upload reports ({', '.join(UPLOAD_SUFFIXES)}; up to "
                                        f"{self.settings.max_file_mb:g} MiB each). · 上传年报文件。")
                            files = gr.File(label="Report files · 年报文件", file_count="multiple",
                                            file_types=list(UPLOAD_SUFFIXES), type="filepath", elem_id="rep-files")
                            upload_btn = gr.Button("Ingest · 导入", variant="primary", elem_id="rep-ingest")
                            with gr.Row():
                                replace_dd = gr.Dropdown(label="Replace this report with the file · 用文件替换",
                                                         choices=[], elem_id="rep-replace-target", scale=3)
                                replace_btn = gr.Button("Replace · 替换", elem_id="rep-replace", scale=1)
                            with gr.Row():
                                delete_dd = gr.Dropdown(label="Delete this report · 删除年报", choices=[],
                                                        elem_id="rep-delete-target", scale=3)
                                confirm = gr.Checkbox(label="Yes, delete it · 确认删除", elem_id="rep-delete-confirm",
                                                      scale=1)
                                delete_btn = gr.Button("Delete · 删除", variant="stop", elem_id="rep-delete", scale=1)
                        upload_html = gr.HTML(elem_id="rep-result")

            # Filled by the page-load event once it has run (browser tests wait for it).
            ready = gr.HTML("", elem_id="govqa-ready", container=False, padding=False)

            # Ask
            chat_out = [chatbot, conversation, asked, question, saved]
            chat_in = [question, chatbot, conversation, asked]
            question.submit(self.respond, inputs=chat_in, outputs=chat_out, api_name="ask", show_progress="minimal")
            ask_btn.click(self.respond, inputs=chat_in, outputs=chat_out, api_visibility="private",
                          show_progress="minimal")
            chatbot.option_select(self.pick_option, inputs=[chatbot, conversation, asked], outputs=chat_out,
                                  api_visibility="private")
            chatbot.retry(self.retry, inputs=[asked], outputs=chat_out, api_visibility="private")
            chatbot.undo(self.undo, inputs=[asked], outputs=chat_out, api_visibility="private")
            chatbot.edit(self.edit, inputs=[chatbot, asked], outputs=chat_out, api_visibility="private")
            for trigger in (clear_btn.click, chatbot.clear):
                trigger(self.clear_chat, outputs=chat_out, api_visibility="private")

            # Figures
            fig_out = [head_html, t2_html, t3_html, t4_html, checks_html, comp_html, csv_btn, xlsx_btn, json_btn,
                       comp_files]
            cell_out = [trend_html, across_html, across_files]
            agency_dd.input(self.pick_agency, inputs=[agency_dd, metric_dd, only_diff, sort_radio],
                            outputs=[year_dd, compare_dd, *fig_out, *cell_out], api_visibility="private")
            year_inputs = [agency_dd, year_dd, compare_dd, metric_dd, only_diff, sort_radio]
            for trigger in (year_dd.input, compare_dd.input, only_diff.input, show_btn.click):
                trigger(self.pick_year, inputs=year_inputs, outputs=[*fig_out, *cell_out], api_visibility="private")
            for trigger in (metric_dd.input, sort_radio.input):
                trigger(self.cell_views, inputs=[agency_dd, year_dd, metric_dd, sort_radio], outputs=cell_out,
                        api_visibility="private")

            # Reports: sign-in, and the three writes (each checks the session itself)
            sign_in_btn.click(self.sign_in, inputs=[user_box, password_box],
                              outputs=[session, staff_status, staff_panel, password_box], api_visibility="private")
            password_box.submit(self.sign_in, inputs=[user_box, password_box],
                                outputs=[session, staff_status, staff_panel, password_box], api_visibility="private")
            sign_out_btn.click(self.sign_out, outputs=[session, staff_status, staff_panel, password_box],
                               api_visibility="private")
            lists = [reports_html, consistency, agency_dd, replace_dd, delete_dd]
            upload_btn.click(self.upload, inputs=[files, session], outputs=[upload_html, files, *lists],
                             api_visibility="private", concurrency_limit=1)
            replace_btn.click(self.replace, inputs=[files, replace_dd, session], outputs=[upload_html, files, *lists],
                              api_visibility="private", concurrency_limit=1)
            delete_btn.click(self.delete, inputs=[delete_dd, confirm, session], outputs=[upload_html, *lists],
                             api_visibility="private", concurrency_limit=1)

            demo.load(self.on_load, inputs=[saved, metric_dd, only_diff, sort_radio],
                      outputs=[tabs, chatbot, conversation, asked, saved, agency_dd, year_dd, compare_dd, *fig_out,
                               *cell_out, reports_html, consistency, replace_dd, delete_dd, ready],
                      api_visibility="private")
        demo.govqa_app = self  # type: ignore[attr-defined]
        demo.govqa_write_events = ("upload", "replace", "delete")  # type: ignore[attr-defined]
        return demo


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def build_app(store: str | os.PathLike[str] | None = None, chat_model: Any = None) -> gr.Blocks:
    """The GovQA app over ``store`` (default ``$GOVQA_HOME`` or ``./.govqa``); ``.govqa_app`` holds its state."""
    return GovQAApp(store, chat_model).blocks()


def serve(store: str | os.PathLike[str] | None = None, host: str = "127.0.0.1", port: int = 7860, *,
          concurrency: int = DEFAULT_CONCURRENCY, block: bool = True, chat_model: Any = None) -> gr.Blocks:
    """Build, queue and launch the app on ``host:port`` (loopback unless told otherwise)."""
    demo = build_app(store, chat_model)
    settings = demo.govqa_app.settings  # type: ignore[attr-defined]
    demo.queue(default_concurrency_limit=concurrency, max_size=2048)
    demo.launch(server_name=host, server_port=port, max_file_size=int(settings.max_file_mb * 1024 * 1024),
                show_error=False, quiet=False, css_paths=[CSS_PATH], js=JS_PATH.read_text(encoding="utf-8"),
                prevent_thread_lock=not block, footer_links=["api"], run_history=False,
                blocked_paths=[str(Path(settings.home).resolve())])
    return demo


__all__ = ["build_app", "serve", "GovQAApp", "UPLOAD_SUFFIXES", "CSS_PATH", "JS_PATH"]
