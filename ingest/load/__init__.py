"""Loading a report file into a `RawDocument`: text and table blocks in reading order.

    >>> from ingest.load import load
    >>> doc = load("corpus/gaoqing_county_public_security_2024.txt", max_bytes=50 * 2**20)
    >>> doc.fmt, doc.encoding, len(doc.tables)
    ('txt', 'utf-8', 3)

The extension names the format; the bytes must agree (a junk file named .pdf is refused with a
reason, not fed to a parser). Every failure — missing file, directory, empty, too large,
unsupported type, wrong content, encrypted/broken/scanned PDF, undecodable text — is raised as
`IngestError(file, reason)` with a Chinese + English reason; no library exception escapes `load()`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ingest.errors import IngestError
from ingest.load.docx import parse_docx
from ingest.load.failures import Unreadable
from ingest.load.html import decode_html, parse_html
from ingest.load.limits import ReadLimits, check_content
from ingest.load.normalize import UndecodableError, bom_encoding, decode_bytes, looks_binary
from ingest.load.pdf import parse_pdf
from ingest.load.text import parse_text
from ingest.records import Block, RawDocument

__all__ = ["SUPPORTED_EXTENSIONS", "ReadLimits", "load", "load_bytes", "read_file", "sniff"]

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",  # Markdown is text whose tables the text loader reads
    ".markdown": "txt",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
_KIND_NAMES = {"pdf": "PDF文件 (a PDF)", "zip": "ZIP压缩包/Office文档 (a zip / Office file)",
               "ole": "旧版Office文件，如.doc (a legacy Office file such as .doc)", "rtf": "RTF文档 (an RTF file)",
               "image": "图片 (an image)", "html": "HTML网页 (an HTML page)", "text": "文本 (text)"}  # fmt: skip
_SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)
_WHITESPACE = b" \t\r\n\x0b\x0c"


def sniff(data: bytes) -> str:
    """What the bytes are: pdf, zip, ole, rtf, image, html or text (text may still be binary)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:4096].lower()
    if any(tag in head for tag in (b"<html", b"<!doctype html", b"<body", b"<table", b"<p>", b"<div")):
        return "html"
    return "text"


def load(path: str | Path, max_bytes: int, limits: ReadLimits | None = None) -> RawDocument:
    """Read one report file. Raises IngestError naming the file and why it cannot be read."""
    return load_bytes(read_file(path, max_bytes), str(path), max_bytes, limits)


def read_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a report file, after the checks that need no parsing (exists, type, size)."""
    name = str(path)
    p = Path(path)
    try:
        if not p.exists():
            raise IngestError(name, "文件不存在 (no such file)")
        if p.is_dir():
            raise IngestError(name, "这是一个目录，不是文件 (is a directory, not a file)")
        _check_extension(name, p)
        _check_size(name, p.stat().st_size, max_bytes)
        return p.read_bytes()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise IngestError(name, f"无法读取文件 (cannot read the file: {reason})") from exc


def load_bytes(
    data: bytes, name: str, max_bytes: int | None = None, limits: ReadLimits | None = None
) -> RawDocument:
    """Read a report from bytes (an upload); `name` gives the extension and names the file in
    errors. `limits` bound what reading may cost (decompression bombs and the like)."""
    fmt = _check_extension(name, Path(name))
    if max_bytes is not None:
        _check_size(name, len(data), max_bytes)
    if not data.strip(_WHITESPACE) or data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise IngestError(name, "文件为空 (empty file)")
    readers: dict[str, Callable[[bytes], tuple[tuple[Block, ...], str | None]]] = {
        "txt": _read_txt,
        "html": _read_html,
        "docx": _read_docx,
        "pdf": _read_pdf,
    }
    try:
        check_content(fmt, data, limits or ReadLimits())  # hostile files: refused before parsing
        blocks, encoding = readers[fmt](data)
    except Unreadable as exc:
        raise IngestError(name, exc.reason) from exc
    except IngestError:
        raise
    except Exception as exc:  # the boundary: no library exception reaches the caller
        raise IngestError(
            name, f"读取失败 (could not read the file: {type(exc).__name__}: {str(exc)[:200]})"
        ) from exc
    if not any(getattr(b, "text", None) or getattr(b, "grid", None) for b in blocks):
        raise IngestError(name, "文件中没有可读取的正文 (no readable text in the file)")
    return RawDocument(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        fmt=fmt,  # type: ignore[arg-type]
        blocks=blocks,
        encoding=encoding,
    )


def _check_extension(name: str, p: Path) -> str:
    fmt = SUPPORTED_EXTENSIONS.get(p.suffix.lower())
    if fmt is None:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        what = f"“{p.suffix}”" if p.suffix else "无扩展名 (none)"
        raise IngestError(
            name, f"不支持的文件类型 {what}；支持 (unsupported file type; supported): {supported}"
        )
    return fmt


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise IngestError(
            name,
            f"文件过大：{_human(size)}，超过上限 {_human(max_bytes)} "
            f"(file too large: {size} bytes > limit {max_bytes} bytes)",
        )


def _human(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


def _wrong_content(chinese: str, english: str, data: bytes) -> Unreadable:
    """The content is not what the extension says: say what it looks like and how it starts."""
    kind = sniff(data)
    looks = f"，看起来是{_KIND_NAMES[kind]}" if kind not in ("text", "html") else ""
    return Unreadable(f"{chinese}{looks} ({english}: starts with {data[:16]!r})")


def _decoded(data: bytes, decode: Callable[[bytes], tuple[str, str]]) -> tuple[str, str]:
    if not (bom_encoding(data) or "").startswith("utf-16"):
        if data.count(b"\x00") > max(4, len(data) // 1000):
            raise Unreadable(
                "文件含有NUL字节等二进制内容，不是文本文件 (binary content: NUL bytes, not text)"
            )
        data = data.replace(b"\x00", b"")  # a stray NUL or two is damage, not a reason to refuse
    try:
        text, encoding = decode(data)
    except UndecodableError as exc:
        raise Unreadable(
            "无法识别文本编码，可能不是文本文件 (undecodable: not text in any known encoding)"
        ) from exc
    if looks_binary(text):
        raise Unreadable("文件含有二进制内容，不是文本文件 (binary content: NUL or control bytes, not text)")
    if not text.strip():
        raise Unreadable("文件为空 (empty file)")
    return text, encoding


def _read_txt(data: bytes) -> tuple[tuple[Block, ...], str | None]:
    if sniff(data) not in ("text", "html"):
        raise _wrong_content("不是纯文本文件", "not plain text", data)
    text, encoding = _decoded(data, decode_bytes)
    return parse_text(text), encoding


def _read_html(data: bytes) -> tuple[tuple[Block, ...], str | None]:
    if sniff(data) not in ("text", "html"):
        raise _wrong_content("不是HTML网页", "not an HTML page", data)
    text, encoding = _decoded(data, decode_html)
    return parse_html(text), encoding


def _read_docx(data: bytes) -> tuple[tuple[Block, ...], str | None]:
    kind = sniff(data)
    if kind == "ole":
        raise Unreadable(
            "这是旧版Word .doc格式，请另存为 .docx 后再上传 (legacy .doc is not supported: save as .docx)"
        )
    if kind != "zip":
        raise _wrong_content("不是有效的Word文档（.docx应为ZIP格式）", "not a .docx: not a zip archive", data)
    return parse_docx(data), None


def _read_pdf(data: bytes) -> tuple[tuple[Block, ...], str | None]:
    if sniff(data) != "pdf":
        raise _wrong_content("不是有效的PDF文件", "not a PDF", data)
    return parse_pdf(data), None
