"""Every Figures view as CSV, XLSX and JSON, named by agency and year (one exporter for all views).

    paths = export.write(rows, columns, folder, "桦川县人民政府-2020-figures")
    paths["xlsx"]  # folder/桦川县人民政府-2020-figures.xlsx
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

KINDS: tuple[str, ...] = ("csv", "xlsx", "json")


def file_stem(*parts: Any) -> str:
    """``govqa-桦川县人民政府-2020-figures``: the parts joined, characters unsafe in file names dropped."""
    text = "-".join(str(p) for p in ("govqa", *parts) if p not in (None, ""))
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text)[:150]


def _spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write(rows: Sequence[dict[str, Any]], columns: Sequence[str], folder: Path, stem: str,
          kinds: Sequence[str] = KINDS) -> dict[str, str]:
    """Write ``rows`` (only ``columns``, in that order) as each of ``kinds``; returns kind → path.
    Each file is written beside its final name and moved into place, so a download never sees half;
    the same rows again reuse the files already written (a page is redrawn far more often than the
    data changes)."""
    digest = hashlib.sha1(json.dumps([list(columns), [[r.get(k) for k in columns] for r in rows]],
                                     ensure_ascii=False, default=str).encode()).hexdigest()[:12]
    folder = folder / digest
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, str] = {}
    for kind in kinds:
        path = folder / f"{stem}.{kind}"
        if path.is_file():
            out[kind] = str(path)
            continue
        tmp = folder / f".{uuid.uuid4().hex}.{kind}.tmp"
        if kind == "csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
                w.writeheader()
                for r in rows:
                    w.writerow({k: _spreadsheet_safe(r.get(k)) for k in columns})
        elif kind == "json":
            tmp.write_text(json.dumps([{k: r.get(k) for k in columns} for r in rows], ensure_ascii=False,
                                      indent=1), encoding="utf-8")
        elif kind == "xlsx":
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "govqa"
            ws.append(list(columns))
            for r in rows:
                ws.append([_spreadsheet_safe(r.get(k)) for k in columns])
            wb.save(tmp)
        else:
            raise ValueError(f"unknown export kind {kind!r} (known: {', '.join(KINDS)})")
        os.replace(tmp, path)
        out[kind] = str(path)
    return out


__all__ = ["write", "file_stem", "KINDS"]
