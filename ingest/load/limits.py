"""What one report file may cost to read: hostile files are refused, with the reason, before a parser
expands them.

A .docx is a zip of XML parts, a PDF a set of compressed streams, an HTML page a tree. A 1 MB file
can inflate to gigabytes (a decompression bomb) or hold millions of tiny elements, and the parsers
(python-docx, pdfminer, lxml) build the whole thing in memory. So before a parser sees the bytes:

- every zip member's declared size, its actual size (read in chunks, never whole) and its
  compression ratio are checked, and so is the sum over members;
- every XML part is counted element by element (a target parser: no tree is built) against a cap on
  elements and on nesting depth; an HTML page likewise;
- a PDF's compressed streams are inflated in chunks against the same size and ratio caps, and its
  pages are counted.

What these checks cannot bound (a slow pathological layout, another filter's bomb) is bounded by
the parse worker's deadline and memory cap (`ingest.worker`).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from ingest.load.failures import Unreadable

if TYPE_CHECKING:
    from ingest.config import Settings

MB = 2**20
CHUNK = MB
RATIO_FLOOR = MB  # a member that inflates to less than this is harmless whatever its ratio


@dataclass(frozen=True)
class ReadLimits:
    """Caps on reading one file; `ingest.config.Settings` carries them (`NIANBAO_*`)."""

    max_unpacked_bytes: int = 200 * MB  # a zip's members, or a PDF's streams, inflated, all together
    max_ratio: float = 100.0  # inflated ÷ compressed, for a member inflating past RATIO_FLOOR
    max_members: int = 2000  # zip members
    max_xml_elements: int = 2_000_000  # per XML part, and per HTML page
    max_xml_depth: int = 200  # nesting (libxml2 itself stops at 256 and says nothing)
    max_pdf_pages: int = 1000
    parse_timeout_s: float = 120.0  # load + parse of one file, in the worker
    parse_memory_bytes: int = 1536 * MB  # address space the worker may add to what it starts with

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        return cls(
            max_unpacked_bytes=settings.max_unpacked_mb * MB,
            max_ratio=settings.max_compression_ratio,
            max_xml_elements=settings.max_xml_elements,
            max_xml_depth=settings.max_xml_depth,
            max_pdf_pages=settings.max_pdf_pages,
            parse_timeout_s=settings.parse_timeout_s,
            parse_memory_bytes=settings.parse_memory_mb * MB,
        )


def check_content(fmt: str, data: bytes, limits: ReadLimits) -> None:
    """Raise Unreadable when `data` (of format `fmt`) would cost more than `limits` to read."""
    if fmt == "docx" and data.startswith(b"PK"):
        check_zip(data, limits)
    elif fmt == "html":
        check_markup(data, etree.HTMLParser(target=_Counter(limits, "HTML", "网页"), no_network=True))
    elif fmt == "pdf":
        check_pdf(data, limits)


def _size(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def _too_big(what: str, size: int, limit: int, declared: bool = False) -> Unreadable:
    seen = f"声明 {_size(size)}" if declared else f"已解压 {_size(size)}"
    return Unreadable(
        f"文件解压后过大：{what}解压后超过 {_size(limit)}（{seen}），疑似压缩炸弹 "
        f"(decompressed size too large: {what} inflates past {limit} bytes — a decompression bomb?)"
    )


def _too_dense(what: str, size: int, packed: int, limits: ReadLimits) -> Unreadable:
    return Unreadable(
        f"文件解压后过大：{what}的压缩比超过 {limits.max_ratio:.0f}:1（{_size(packed)} 解压出 {_size(size)} 以上），"
        f"疑似压缩炸弹 (compression ratio of {what} exceeds {limits.max_ratio:.0f}:1 — a decompression bomb?)"
    )


# ---- zip (docx) ---------------------------------------------------------------------------------------


def check_zip(data: bytes, limits: ReadLimits) -> None:
    """Declared sizes first (cheap), then each member inflated in chunks: actual size, ratio, and for
    XML parts the element count and depth. A damaged zip is left for the reader to report."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return
    if len(members) > limits.max_members:
        raise Unreadable(
            f"压缩包内文件过多：{len(members)} 个，上限 {limits.max_members} 个 "
            f"(too many zip members: {len(members)} > {limits.max_members})"
        )
    declared = 0
    for info in members:
        declared += info.file_size
        _check_member_size(info.filename, info.file_size, info.compress_size, limits, declared=True)
        if declared > limits.max_unpacked_bytes:
            raise _too_big("压缩包内文件合计", declared, limits.max_unpacked_bytes, declared=True)
    total = 0
    for info in members:
        total += _inflate_member(archive, info, limits, limits.max_unpacked_bytes - total)


def _check_member_size(name: str, size: int, packed: int, limits: ReadLimits, declared: bool = False) -> None:
    if size > limits.max_unpacked_bytes:
        raise _too_big(f"「{name}」", size, limits.max_unpacked_bytes, declared)
    if size > RATIO_FLOOR and size > limits.max_ratio * max(packed, 1):
        raise _too_dense(f"「{name}」", size, packed, limits)


def _inflate_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ReadLimits, room: int) -> int:
    """Inflate one member in chunks (the declared size may lie); returns its actual size."""
    counter = _xml_counter(info.filename, limits)
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                size += len(chunk)
                if size > room:
                    raise _too_big(f"「{info.filename}」", size, limits.max_unpacked_bytes)
                _check_member_size(info.filename, size, info.compress_size, limits)
                if counter is not None:
                    counter.feed(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:  # ValueError: a bad offset
        raise Unreadable(
            f"Word文档已损坏：「{info.filename}」的内容与其声明的大小或校验值不符 "
            f"(damaged .docx: {info.filename} does not match its declared size or CRC: {exc})"
        ) from exc
    except (OSError, NotImplementedError, RuntimeError):
        return size  # encrypted or an odd compression: python-docx reports it in its own words
    if counter is not None:
        _close(counter)
    return size


def _xml_counter(name: str, limits: ReadLimits) -> etree.XMLParser | None:
    if not name.lower().endswith((".xml", ".rels")):
        return None
    return etree.XMLParser(
        target=_Counter(limits, "XML", f"「{name}」"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )


def _close(parser: etree._FeedParser) -> None:
    with contextlib.suppress(etree.XMLSyntaxError):  # malformed XML is the reader's to report
        parser.close()


# ---- XML and HTML: elements and depth, without building a tree ------------------------------------------


class _Counter:
    """An lxml parser target that counts elements and tracks depth, stopping at a cap."""

    def __init__(self, limits: ReadLimits, kind: str, what: str) -> None:
        self.limits = limits
        self.kind = kind
        self.what = what
        self.elements = 0
        self.depth = 0

    def start(self, tag: str, attrib: Any) -> None:
        self.elements += 1
        self.depth += 1
        if self.depth > self.limits.max_xml_depth:
            raise Unreadable(
                f"{self.kind}嵌套过深：{self.what}超过 {self.limits.max_xml_depth} 层 "
                f"({self.kind} nested too deeply: more than {self.limits.max_xml_depth} levels)"
            )
        if self.elements > self.limits.max_xml_elements:
            raise Unreadable(
                f"文件解压后过大：{self.what}中的元素超过 {self.limits.max_xml_elements} 个 "
                f"(too many elements: more than {self.limits.max_xml_elements} in {self.what})"
            )

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, data: str) -> None:
        pass

    def close(self) -> int:
        return self.elements


def check_markup(data: bytes, parser: etree._FeedParser) -> None:
    """Feed the bytes to a counting parser in chunks; its target raises Unreadable at a cap."""
    for start in range(0, len(data), CHUNK):
        try:
            parser.feed(data[start : start + CHUNK])
        except etree.XMLSyntaxError:
            return
    _close(parser)


# ---- PDF: streams inflated in chunks, pages counted ---------------------------------------------------------


def check_pdf(data: bytes, limits: ReadLimits) -> None:
    """Streams first — inflating an object stream is how pdfminer finds the objects inside it —
    then the page count. A PDF pdfminer cannot open is left for the reader to report."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except Exception:  # encrypted, damaged: parse_pdf says which, in its own words
        return
    _check_pdf_streams(document, limits)
    try:
        pages = sum(1 for _ in itertools.islice(PDFPage.create_pages(document), limits.max_pdf_pages + 1))
    except Exception:
        return
    if pages > limits.max_pdf_pages:
        raise Unreadable(
            f"PDF页数过多：超过 {limits.max_pdf_pages} 页 (too many pages: more than {limits.max_pdf_pages})"
        )


def _direct_streams(document: Any) -> Iterator[Any]:
    """The document's stream objects that are not inside an object stream (streams never are)."""
    from pdfminer.pdftypes import PDFStream

    seen: set[int] = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                stream_id, _, _ = xref.get_pos(objid)
                obj = None if stream_id is not None else document.getobj(objid)
            except Exception:
                continue
            if isinstance(obj, PDFStream):
                yield obj


def _check_pdf_streams(document: Any, limits: ReadLimits) -> None:
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    total = 0
    for stream in _direct_streams(document):
        filters = stream.get_filters()
        if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
            continue
        raw = stream.rawdata
        if stream.decipher is not None:
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        total += _inflate_flate(raw, f"PDF数据流 {stream.objid}", limits, limits.max_unpacked_bytes - total)


def _inflate_flate(raw: bytes, what: str, limits: ReadLimits, room: int) -> int:
    """The inflated size of a Flate stream, counted CHUNK bytes at a time."""
    inflater = zlib.decompressobj()
    size = 0
    pending = raw
    try:
        while pending and not inflater.eof:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if size > room:
                raise _too_big(what, size, limits.max_unpacked_bytes)
            if size > RATIO_FLOOR and size > limits.max_ratio * len(raw):
                raise _too_dense(what, size, len(raw), limits)
            if not chunk:
                break
    except zlib.error:
        pass  # pdfminer is lenient with damaged streams: so are we
    return size
