"""Small PDFs written byte by byte, so tests need no PDF-writing dependency: an image-only page
(a "scanned" report) and a password-protected file (standard security handler, RC4, revision 2).
"""

from __future__ import annotations

import hashlib
import zlib

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_FILE_ID = hashlib.md5(b"nianbao-test").digest()


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def build_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object 1 must be the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page_objects(content: bytes, resources: bytes = b"<< >>") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
        + resources
        + b" >>",
        _stream(content),
    ]


def image_only_pdf() -> bytes:
    """One page showing a grey image and no text: what a scanned report looks like."""
    pixels = zlib.compress(bytes(range(64)) * 64)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(pixels)
        + pixels
        + b"\nendstream"
    )
    objects = _page_objects(b"q 400 0 0 600 90 120 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>")
    return build_pdf([*objects, image])


def text_pdf(text: str = "Annual report 2023") -> bytes:
    """One page with a line of Latin text (Helvetica), for tests that need a readable PDF."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = _page_objects(content, b"<< /Font << /F1 5 0 R >> >>")
    return build_pdf([*objects, font])


def text_pages_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """Pages of Latin text (Helvetica 12), each line placed at (x, y from the top)."""
    n = len(pages)
    font_number = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n)
    for i, lines in enumerate(pages):
        ops = b"".join(
            b"BT /F1 12 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, 842 - y, text.encode("latin-1"))
            for x, y, text in lines
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font_number)
        )
        objects.append(_stream(ops))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return build_pdf(objects)


def encrypted_pdf(user_password: str = "secret", owner_password: str = "owner") -> bytes:
    """A text PDF encrypted with a user password (RC4 40-bit, revision 2), as Acrobat writes."""
    permissions = -4
    owner_key = hashlib.md5((owner_password.encode() + _PAD)[:32]).digest()[:5]
    o_entry = rc4(owner_key, (user_password.encode() + _PAD)[:32])
    key = hashlib.md5(
        (user_password.encode() + _PAD)[:32]
        + o_entry
        + permissions.to_bytes(4, "little", signed=True)
        + _FILE_ID
    ).digest()[:5]
    u_entry = rc4(key, _PAD)

    def object_key(number: int) -> bytes:
        return hashlib.md5(key + number.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]

    content = rc4(object_key(4), b"BT /F1 12 Tf 72 720 Td (Secret report) Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = _page_objects(b"", b"<< /Font << /F1 5 0 R >> >>")
    objects[3] = _stream(content)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        o_entry.hex().encode(),
        u_entry.hex().encode(),
        permissions,
    )
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (_FILE_ID.hex().encode(), _FILE_ID.hex().encode())
    return build_pdf([*objects, font, encrypt], trailer)


def truncated(data: bytes, fraction: float = 0.5) -> bytes:
    """The first part of a real file, as an interrupted download leaves it."""
    return data[: int(len(data) * fraction)]
