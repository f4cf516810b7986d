"""Hostile input files, one per kind of attack on the loaders (issue 14), generated on demand.

Each file is small on disk and was, before the loaders were bounded, enough to take gigabytes of
memory or hours of CPU through ``govqa ingest`` or the web upload. The tests ingest every one of
them under a memory and time ceiling; ``bench/hostile.py`` measures what each costs.

Example::

    files = write_hostile_corpus(Path("hostile"))
    files["docx-gridspan"]   # Path("hostile/docx-gridspan.docx")
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "index" / "data" / "huachuan-county-2020.txt"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(path: Path, body: str | Callable[[io.BufferedWriter], None]) -> Path:
    """A minimal .docx whose document.xml holds ``body`` (or is written by ``body(stream)``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        if isinstance(body, str):
            z.writestr("word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>')
        else:
            with z.open("word/document.xml", "w", force_zip64=True) as out:
                body(out)  # type: ignore[arg-type]
    return path


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_gridspan(path: Path) -> Path:
    """A report title and a table whose cells claim ``gridSpan`` 10⁹ (41 KB; 4–5 GB before)."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    rows = "".join(f"<w:tr>{cell * 20}</w:tr>" for _ in range(200))
    return _docx(path, _para("桦川县人民政府2020年政府信息公开工作年度报告") + f"<w:tbl>{rows}</w:tbl>")


def docx_zip_bomb(path: Path, inflated_mb: int = 1024) -> Path:
    """A .docx whose document.xml inflates to ``inflated_mb`` MiB of white space (about 1 MB on disk)."""
    chunk = b" " * (1 << 20)

    def write(out: io.BufferedWriter) -> None:
        out.write(f'<w:document xmlns:w="{_W}"><w:body>'.encode())
        for _ in range(inflated_mb):
            out.write(chunk)
        out.write(b"</w:body></w:document>")

    return _docx(path, write)


def html_spans(path: Path) -> Path:
    """A 58 KB table of ``rowspan=0 colspan=1000`` cells (4–5 GB before)."""
    row = "<tr>" + '<td rowspan="0" colspan="1000">1</td>' * 10 + "</tr>"
    return _write(path, "<html><body><h1>桦川县人民政府2020年政府信息公开工作年度报告</h1><table>"
                  + row * 150 + "</table></body></html>")


def html_nested(path: Path, mb: int = 10) -> Path:
    """``mb`` MiB of nested ``<div>`` (hours of parsing before)."""
    n = mb * (1 << 20) // 5
    return _write(path, "<html><body>" + "<div>" * n + "年度报告" + "</body></html>")


def html_grid(path: Path) -> Path:
    """A table whose every span is within the span caps (colspan 999, rowspan 65,534) but whose grid
    together is millions of positions: the grid-size cap stops it."""
    row = "<tr>" + '<td colspan="999">1</td><td rowspan="65534">2</td>' * 40 + "</tr>"
    return _write(path, "<html><body><p>政府信息公开工作年度报告</p><table>" + row * 60 + "</table></body></html>")


def pdf_flate_bomb(path: Path, inflated_mb: int = 2048) -> Path:
    """A one-page PDF whose content stream inflates to ``inflated_mb`` MiB (about 2 MB on disk).

    No cheap check sees this one (the PDF parser inflates streams as it reads): the worker's memory
    limit is what stops it."""
    import zlib

    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join([comp.compress(chunk) for _ in range(inflated_mb)] + [comp.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def text_nul(path: Path) -> Path:
    """The sample report with a NUL byte after its first 4 KB (it once broke every narrative answer)."""
    seed = SEED.read_text(encoding="utf-8")
    cut = next(i for i in range(len(seed)) if len(seed[:i].encode("utf-8")) > 4200)  # past the binary sniff
    return _write(path, seed[:cut] + "\x00" + seed[cut:])


def text_many_passages(path: Path, n: int = 25_000) -> Path:
    """The sample report followed by ``n`` short paragraphs under numbered headings (under the
    line and character caps, over the passage cap)."""
    lines = [SEED.read_text(encoding="utf-8")]
    lines += [f"（{'一二三四五六七八九'[i % 9]}）第{i}项工作已经完成。" for i in range(n)]
    return _write(path, "\n".join(lines))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


KINDS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "docx-gridspan": (".docx", docx_gridspan),
    "docx-zip-bomb": (".docx", docx_zip_bomb),
    "html-spans": (".html", html_spans),
    "html-grid": (".html", html_grid),
    "html-nested": (".html", html_nested),
    "pdf-flate-bomb": (".pdf", pdf_flate_bomb),
    "text-nul": (".txt", text_nul),
    "text-many-passages": (".txt", text_many_passages),
}


def write_hostile_corpus(folder: Path, kinds: list[str] | None = None) -> dict[str, Path]:
    """Write one file per hostile kind into ``folder``; returns kind → path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind in kinds or list(KINDS):
        suffix, make = KINDS[kind]
        out[kind] = make(folder / f"{kind}{suffix}")
    return out


def symlink_loop(folder: Path) -> Path:
    """A folder holding a symbolic link loop named like a report (``loop.txt`` → itself)."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "loop.txt"
    if not link.is_symlink():
        os.symlink(link.name, link)
    return link


__all__ = ["KINDS", "write_hostile_corpus", "symlink_loop", "SEED"]
