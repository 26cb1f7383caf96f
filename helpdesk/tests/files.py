"""Real files of every allowed kind, and hostile ones, built byte by byte."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf() -> bytes:
    """A one-page PDF with a valid cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def png() -> bytes:
    """A 1x1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def jpeg() -> bytes:
    """An 8x8 grey baseline JPEG: one block, every coefficient zero.

    The Huffman tables hold one code each ("0": DC difference 0, and the
    end of block), so the whole scan is two zero bits padded with ones.
    """
    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    quantisation = b"\x00" + b"\x01" * 64
    frame = struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00"
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"
    huffman = b"\x00" + one_code + b"\x10" + one_code
    scan = b"\x01\x01\x00\x00\x3f\x00"
    return (b"\xff\xd8" + segment(0xE0, jfif) + segment(0xDB, quantisation)
            + segment(0xC0, frame) + segment(0xC4, huffman) + segment(0xDA, scan)
            + b"\x3f" + b"\xff\xd9")


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/officeDocument" Target="{part}"/>'
    "</Relationships>"
)
DOCX_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _ooxml(part: str, content_type: str, body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            part=part, content_type=content_type))
        archive.writestr("_rels/.rels", _RELS.format(part=part))
        archive.writestr(part, body)
    return out.getvalue()


def docx(content_type: str = DOCX_MAIN) -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        '2006/main"><w:body><w:p><w:r><w:t>Сәлем</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    return _ooxml("word/document.xml", content_type, body)


def xlsx() -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        'main"><sheets><sheet name="Парақ1" sheetId="1"/></sheets></workbook>'
    )
    return _ooxml("xl/workbook.xml", XLSX_MAIN, body)


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # The OpenDocument rule: "mimetype" first and stored uncompressed.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/></manifest:manifest>'
        ))
        archive.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            "<office:body><office:text><text:p>Сәлем</text:p></office:text>"
            "</office:body></office:document-content>"
        ))
    return out.getvalue()


def txt() -> bytes:
    return "Іздеу жұмыс істемейді.\nПоиск не работает.\n".encode()


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def svg() -> bytes:
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>")


def docx_bomb(expanded_mib: int = 1024) -> bytes:
    """A DOCX of about 1 MB whose document.xml expands to EXPANDED_MIB MiB.

    One mebibyte of zeros is compressed once with a full flush, which makes
    the compressed block independent of what came before, and the block is
    repeated: the archive is built in a second instead of compressing a
    gibibyte. Its declared sizes are the true ones.
    """
    block = b"\x00" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_block = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = packed_block * expanded_mib + compressor.flush()
    crc = 0
    for _ in range(expanded_mib):
        crc = zlib.crc32(block, crc)

    manifest = _CONTENT_TYPES.format(
        part="word/document.xml", content_type=DOCX_MAIN).encode()
    rels = _RELS.format(part="word/document.xml").encode()
    return _zip([
        _deflated("[Content_Types].xml", manifest),
        _deflated("_rels/.rels", rels),
        ("word/document.xml", packed, crc, len(block) * expanded_mib),
    ])


def _deflated(name: str, content: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = compressor.compress(content) + compressor.flush()
    return name, packed, zlib.crc32(content), len(content)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """Lay out a ZIP archive of deflated MEMBERS (name, data, crc, size)."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for name, packed, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0))
        out.write(encoded + packed)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields,
                                    0, 0, 0, 0, 0, offset))
        directory.write(encoded)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                          len(directory.getvalue()), start, 0))
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    """An uploaded file as the browser would send it, with any declared type."""
    return SimpleUploadedFile(name, content, content_type=content_type)
