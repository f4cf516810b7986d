"""The metric vocabulary: every label, English name and alias of the format module, plus the question
words, as one phrase → meanings index, built once per process."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from index import reportformat as rf

from .sounds import reading
from .text import _en_key, _has_cjk, _short_label, _strip_number, _zh_key
from .words import (
    _CHECK_WORDS,
    _EACH,
    _FIGURE_CUES,
    _MANNER_CUES,
    _NOT_RECORDED,
    _OP_WORDS,
    _OVERVIEW_WORDS,
    _RELATIVE_YEARS,
    _SCOPE_ALL,
    _SUM_IF_SEVERAL,
    _TEXT_CUES,
    _WEAK_CUES,
    AMBIGUOUS_TERMS,
)

_FRAMING_ROWS = frozenset({"new", "processed_total"})  # row ids  # generic "applications"/"answered": lose to specific rows
_SUB_ROW_FORMS = ("{group}{sub}", "{group}中的{sub}", "{group}里的{sub}", "{group}之{sub}", "{group}（{sub}）",
                  "{group}-{sub}", "{group}—{sub}", "{group}——{sub}", "{group}–{sub}", "{group}－{sub}", "{group}/{sub}", "{group}里{sub}", "{group}中{sub}", "{group}下的{sub}",
                  "{group}下面的{sub}", "{group}下面{sub}")
_FRAMING_ANCHOR = 1.5  # the anchor class of a framing row at most (see _anchor_class)


@dataclass(frozen=True)
class _T:
    """One meaning of a phrase."""

    kind: str  # t3row derived t2row t2col t4block t4out applicant orgs section topic op cue rel scope unrecorded
    id: str
    rows: frozenset[str] = frozenset()  # t2col: the 表二 rows the column belongs to
    value: int = 0  # rel: year offset; unrecorded: 1 for a word naming the quantity itself


# the kinds of meaning that name a table cell (a row, a column, a block, a result, an applicant column)
CELL_KINDS = frozenset({"t3row", "derived", "t2row", "t2col", "t4block", "t4out", "applicant", "orgs"})


@dataclass
class _Vocabulary:
    zh: dict[str, list[_T]] = field(default_factory=dict)
    en: dict[str, list[_T]] = field(default_factory=dict)
    zh_lengths: tuple[int, ...] = ()
    en_max: int = 1
    # each English key word's spelling as written in a phrase (reconsider → "reconsideration"), for display
    surface: dict[str, str] = field(default_factory=dict)

    def add(self, phrase: str, target: _T) -> None:
        if _has_cjk(phrase):
            key, table = _zh_key(phrase), self.zh
        else:
            key, table = _en_key(phrase), self.en
            for w in phrase.lower().split():
                if w.isalpha():
                    self.surface.setdefault(_en_key(w), w)
        if not key:
            return
        targets = table.setdefault(key, [])
        if target not in targets:
            targets.append(target)


def _is_generic(phrase: str) -> bool:
    """A phrase too general to name one thing on its own: ≤ 2 Chinese characters or one English word
    (文件 "documents", "review"). Such a word names a table row only when nothing more specific is said."""
    return len(_zh_key(phrase)) <= 2 if _has_cjk(phrase) else " " not in _en_key(phrase)


def _owner(t: _T) -> str:
    return f"{t.kind}:{t.id}"


@cache
def _vocabulary() -> _Vocabulary:
    aliases: list[tuple[str, _T]] = []  # explicit words people type
    labels: list[tuple[str, _T]] = []  # official labels and English names: dropped when generic

    def put(target: _T, label_words: Iterable[str], alias_words: Iterable[str]) -> None:
        labels.extend((w, target) for w in label_words if w)
        aliases.extend((w, target) for w in alias_words if w)

    for row in rf.T3_ROWS:
        put(_T("t3row", row.id), (row.label, _short_label(row.label), _strip_number(row.label),
                                            _short_label(_strip_number(row.label)), row.english), row.aliases)
        if row.group:
            # "其他处理中的其他", "其他处理（其他）": the group names which 其他 is meant
            group, sub = _strip_number(rf.GROUPS[row.group].label), _short_label(_strip_number(row.label))
            aliases.extend((form.format(group=group, sub=sub), _T("t3row", row.id)) for form in _SUB_ROW_FORMS)
            # "other dispositions (other)", "other dispositions: other" (an English key drops punctuation)
            aliases.append((f"{rf.GROUPS[row.group].english} {row.english}", _T("t3row", row.id)))
    for m in rf.DERIVED_METRICS:
        put(_T("derived", m.id), (m.label, _strip_number(m.label), _short_label(m.label), m.english), m.aliases)
        if m.id in rf.GROUPS:  # （三）不予公开 as printed names the group sum
            put(_T("derived", m.id), (rf.GROUPS[m.id].label,), ())
    t2_rows: dict[str, rf.Row] = {}
    t2_columns: dict[tuple[str, int], tuple[rf.Column, set[str]]] = {}
    for fmt in rf.FORMATS:
        for block in rf.T2_BLOCKS[fmt]:
            for row in block.rows:
                t2_rows.setdefault(f"{row.id}:{row.label}", row)
            for col in block.columns:
                t2_columns.setdefault((col.id, id(col)), (col, set()))[1].update(r.id for r in block.rows)
    for row in t2_rows.values():
        put(_T("t2row", row.id), (row.label, row.english), row.aliases)
    for col, rows in t2_columns.values():
        target = _T("t2col", col.id, frozenset(rows))
        put(target, (col.label, _short_label(col.label), col.english), col.aliases)
    for block in rf.T4_BLOCKS:
        put(_T("t4block", block.id), (block.label.split("/")[-1], block.english), block.aliases)
    for outcome in rf.T4_OUTCOMES:
        put(_T("t4out", outcome.id), (outcome.label, outcome.english), outcome.aliases)
    for col in rf.APPLICANT_COLUMNS:
        put(_T("applicant", col.id), (col.label, col.english), col.aliases)
    org = rf.ORGANISATION_HEADER
    put(_T("orgs", org.id), (org.label, org.english), org.aliases)
    for section in rf.SECTIONS:
        put(_T("section", section.number), (section.heading, section.english), section.aliases)

    # How people talk (index/data/metric_paraphrases.toml): explicit words, like the aliases.
    for (kind, ident), words in (*rf.paraphrases().items(), *rf.paraphrase_patterns().items()):
        target = _T("op", ident) if kind == "op" else _T(kind, ident)
        aliases.extend((w, target) for w in words)

    # A label or English name shared by different things ("其他", "总计") or a single generic word
    # ("other") is only kept where it is also an explicit alias.
    label_owners: dict[str, set[str]] = {}
    for word, target in labels:
        key = _zh_key(word) if _has_cjk(word) else _en_key(word)
        label_owners.setdefault(key, set()).add(_owner(target))
    # English words people shorten ("normative docs", "process info", "legal service orgs"): each English label and
    # alias is matched in its short form too
    aliases.extend((short, target) for word, target in (*labels, *aliases) if word.isascii()
                   for short in rf.shortened(word))
    vocab = _Vocabulary()
    for word, target in labels:
        key = _zh_key(word) if _has_cjk(word) else _en_key(word)
        if len(label_owners[key]) > 1 or _is_generic(word):
            continue
        vocab.add(word, target)
    for word, target in aliases:
        vocab.add(word, target)

    # Narrative topics: the glossary's words that name nothing in a table (website, WeChat, training …).
    known_en = set(vocab.en)
    known_zh = set(vocab.zh)
    for english, chinese in rf.glossary():
        if _zh_key(chinese) in known_zh:
            continue
        if _en_key(english) not in known_en:
            vocab.add(english, _T("topic", chinese))
        if len(chinese) >= 2:
            vocab.add(chinese, _T("topic", chinese))

    for op, words in _OP_WORDS.items():
        for w in words:
            vocab.add(w, _T("op", op))
    for w in _SUM_IF_SEVERAL:
        vocab.add(w, _T("op", "sum_if_several"))
    for w in _EACH:
        vocab.add(w, _T("op", "each"))
    for w in _SCOPE_ALL:
        vocab.add(w, _T("scope", "all"))
    for cue, words in (("figure", _FIGURE_CUES), ("text", _TEXT_CUES), ("manner", _MANNER_CUES),
                       ("weak", _WEAK_CUES)):
        for w in words:
            vocab.add(w, _T("cue", cue))
    for w in _CHECK_WORDS:
        vocab.add(w, _T("intent", "check"))
    for w in _OVERVIEW_WORDS:
        vocab.add(w, _T("intent", "overview"))
    for w, offset in _RELATIVE_YEARS.items():
        vocab.add(w, _T("rel", w, value=offset))
    for w, candidates in AMBIGUOUS_TERMS.items():  # read as the first; metrics.ambiguous_term asks back
        vocab.add(w, _T("derived", candidates[0]))
    for nr in _NOT_RECORDED:
        for w in nr.quantity + nr.verbs:
            vocab.add(w, _T("unrecorded", nr.id, value=1))
        for w in nr.subject:
            vocab.add(w, _T("unrecorded", nr.id, value=0))

    vocab.zh_lengths = tuple(sorted({len(k) for k in vocab.zh}, reverse=True))
    vocab.en_max = max((k.count(" ") + 1 for k in vocab.en), default=1)
    return vocab


@cache
def pinyin_index() -> dict[str, tuple[_T, ...]]:
    """The table cells' Chinese words as toneless pinyin run together ("xingzhengxuke" → 行政许可, "buzheng" → 补正),
    for a researcher writing the term in brackets after the English ("licensing decisions (xingzheng xuke)"). Each
    character's usual reading (:mod:`.sounds`); a word of one syllable or a short run names nothing."""
    out: dict[str, list[_T]] = {}
    for key, targets in _vocabulary().zh.items():
        cells = [t for t in targets if t.kind in CELL_KINDS]
        readings = [reading(ch) for ch in key]
        joined = "".join(readings)
        if not cells or len(key) < 2 or not all(readings) or len(joined) < 5:
            continue
        for t in cells:
            if t not in out.setdefault(joined, []):
                out[joined].append(t)
    return {k: tuple(v) for k, v in out.items()}
