"""Resume files for the jobs tests: tiny but real PDF, DOC and DOCX documents."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(*, with_document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        if with_document:
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        else:
            archive.writestr("notes.txt", "just a zip")
    return buffer.getvalue()


def doc_bytes() -> bytes:
    # OLE2 compound file header, then the Word "FIB" magic at offset 512.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + b"\xec\xa5\xc1\x00" + b"\x00" * 1020


@pytest.fixture
def pdf_file():
    return SimpleUploadedFile("Cara Candidate CV.pdf", PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def docx_file():
    return SimpleUploadedFile(
        "cv.docx",
        docx_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.fixture
def doc_file():
    return SimpleUploadedFile("cv.doc", doc_bytes(), content_type="application/msword")
