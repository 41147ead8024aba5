"""Hostile files built in the test's tmp dir: decompression bombs, element floods, deep nesting, page
floods. Each is small on disk and huge (or slow) once a parser expands it."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

from helpers.pdfs import build_pdf

MB = 2**20
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ' + _W + b"><w:body>"
_TAIL = b"</w:body></w:document>"


def _docx(document: list[bytes] | bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal Word package whose word/document.xml is `document` (written piece by piece)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression, compresslevel=9 if compression else None) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for piece in [document] if isinstance(document, bytes) else document:
                member.write(piece)
    return buf.getvalue()


def docx_one_huge_entry(inflated: int = 1024 * MB) -> bytes:
    """~1 MB on disk; word/document.xml inflates to `inflated` bytes of blanks inside one paragraph."""
    blanks = b" " * MB
    return _docx([_HEAD, b"<w:p><w:r><w:t>", *([blanks] * (inflated // MB)), b"</w:t></w:r></w:p>", _TAIL])


def docx_element_flood(elements: int, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Millions of tiny empty paragraphs: small when deflated, gigabytes as python-docx objects."""
    batch = b"<w:p/>" * 100_000
    return _docx([_HEAD, *([batch] * (elements // 100_000)), _TAIL], compression)


def docx_lying_header(inflated: int = 64 * MB) -> bytes:
    """A member whose central directory entry declares 1 KB while its data inflates to `inflated`."""
    data = bytearray(docx_one_huge_entry(inflated))
    at = 0
    while (at := data.find(b"PK\x01\x02", at + 1)) >= 0:
        if data[at + 46 : at + 63] == b"word/document.xml":
            data[at + 24 : at + 28] = (1024).to_bytes(4, "little")  # uncompressed size
    return bytes(data)


def deep_html(depth: int = 100_000) -> bytes:
    return (
        "<html><body><p>某县人民政府2024年政府信息公开工作年度报告</p>"
        + "<div>" * depth
        + "收到申请6件。"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def pdf_flate_bomb(inflated: int = 1024 * MB) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes of blanks."""
    deflate = zlib.compressobj(9)
    blanks = b" " * MB
    packed = b"".join(deflate.compress(blanks) for _ in range(inflated // MB)) + deflate.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream,
        ]
    )


def pdf_page_flood(pages: int) -> bytes:
    """A PDF of `pages` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return build_pdf(objects)


# file name -> (builder, what its refusal must say); the names say what each is
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "one_entry_1GB.docx": (docx_one_huge_entry, "文件解压后过大"),
    "tiny_elements_200MB.docx": (lambda: docx_element_flood(35_000_000), "文件解压后过大"),
    "tiny_elements_stored.docx": (
        lambda: docx_element_flood(2_500_000, zipfile.ZIP_STORED),
        "元素超过 2000000 个",
    ),
    "lying_header.docx": (docx_lying_header, "声明的大小或校验值不符"),
    "deep.html": (deep_html, "HTML嵌套过深"),
    "flate_bomb_1GB.pdf": (pdf_flate_bomb, "文件解压后过大"),
    "pages_1001.pdf": (lambda: pdf_page_flood(1001), "PDF页数过多"),
}
