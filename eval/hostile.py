"""Hostile input files, one per kind of attack on the loaders (issue 14), generated on demand.

Each file is small on disk and was, before the loaders were bounded, enough to take gigabytes of
memory or hours of CPU through ``govqa ingest`` or the web upload. The tests ingest every one of
them under a memory and time ceiling; ``bench/hostile.py`` measures what each costs. ``BROKEN``
holds 25 kinds of plainly broken file (empty, binary, truncated, encrypted, misnamed, dangling …)
that were handled before issue 14; the tests ingest them in one batch so they stay one line each.

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


# ----- broken files (handled before issue 14; kept in the corpus so they stay handled) ----------
def _pdf(text: str | None = "桦川县人民政府2020年政府信息公开工作年度报告", encrypt: str | None = None) -> bytes:
    """A one-page PDF with ``text`` (None: a drawn box and no text layer, like a scan)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    if text is None:
        c.rect(100, 100, 300, 500, fill=1)
    else:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>'
                   f'{_para("桦川县人民政府2020年政府信息公开工作年度报告") * 50}</w:body></w:document>')
    return buf.getvalue()


def _without_body(data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    return buf.getvalue()


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(data() if callable(data) else data)
        return path
    return make


def _oversized(path: Path) -> Path:
    """A sparse file of 2 GiB (nothing on disk): over any size limit, refused before it is read."""
    with path.open("wb") as f:
        f.truncate(2**31)
    return path


def _dangling(path: Path) -> Path:
    os.symlink(path.with_name("gone-away.pdf").name, path)
    return path


_NOISE = bytes(range(256)) * 64
BROKEN: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "unsupported-type": (".xls", _bytes(b"\xd0\xcf\x11\xe0 an old Excel file")),
    "empty-text": (".txt", _bytes(b"")),
    "empty-pdf": (".pdf", _bytes(b"")),
    "empty-docx": (".docx", _bytes(b"")),
    "empty-html": (".html", _bytes(b"")),
    "binary-text": (".txt", _bytes(_NOISE)),
    "binary-html": (".html", _bytes(_NOISE)),
    "binary-md": (".md", _bytes(_NOISE)),
    "junk-pdf": (".pdf", _bytes(b"this is not a PDF at all\n" * 20)),
    "truncated-pdf": (".pdf", _bytes(lambda: _pdf()[:len(_pdf()) // 2])),
    "garbled-pdf": (".pdf", _bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF\n")),
    "noise-pdf": (".pdf", _bytes(b"%PDF-1.7\n" + _NOISE + b"\n%%EOF")),
    "encrypted-pdf": (".pdf", _bytes(lambda: _pdf(encrypt="secret"))),
    "scanned-blank-pdf": (".pdf", _bytes(lambda: _pdf(None))),
    "not-zip-docx": (".docx", _bytes(b"PK\x03\x04 not really a zip")),
    "truncated-docx": (".docx", _bytes(lambda: _docx_bytes()[:len(_docx_bytes()) // 2])),
    "no-body-docx": (".docx", _bytes(lambda: _without_body(_docx_bytes()))),
    "pdf-named-docx": (".docx", _bytes(lambda: _pdf())),
    "docx-named-pdf": (".pdf", _bytes(_docx_bytes)),
    "script-only-html": (".html", _bytes("<html><body><script>var a = 1;</script></body></html>".encode())),
    "not-a-report-text": (".txt", _bytes("今天天气很好。我们去公园散步，看见很多人在放风筝。\n".encode() * 30)),
    "utf16-text": (".txt", _bytes("　".encode("utf-16") + _NOISE[:512])),
    "oversized-text": (".txt", _oversized),
    "blank-text": (".txt", _bytes(b" \n\t\n\r\n" * 200)),
    "dangling-link-pdf": (".pdf", _dangling),
}


def write_broken_corpus(folder: Path, kinds: list[str] | None = None) -> dict[str, Path]:
    """Write one file per broken kind into ``folder``; returns kind → path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {kind: BROKEN[kind][1](folder / f"{kind}{BROKEN[kind][0]}") for kind in kinds or list(BROKEN)}


__all__ = ["KINDS", "BROKEN", "write_hostile_corpus", "write_broken_corpus", "symlink_loop", "SEED"]
