"""Resume files: recognised by their content, stored under a random name, served with safe headers."""

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

import filetype
from csp.decorators import csp_replace
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from ims.core.exceptions import Invalid
from ims.privacy.audit import audit_application_read
from ims.privacy.models import AuditAction

if TYPE_CHECKING:
    from ims.jobs.models import Application

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: "pdf", DOC: "doc", DOCX: "docx"}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class ResumeInfo:
    content_type: str
    extension: str
    filename: str  # the uploader's file name, sanitised, with the extension matching the content


def accepted_message() -> str:
    megabytes = settings.RESUME_MAX_BYTES / (1024 * 1024)
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{settings.RESUME_MAX_BYTES} bytes"
    return f"Upload a PDF, DOC or DOCX file of at most {size}."


def _read_head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    return head


def _is_docx(file: IO[bytes]) -> bool:
    """A DOCX is a zip whose table of contents has word/document.xml. Only the directory is read, nothing
    is decompressed, so a zip bomb costs nothing here."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names


def sniff_content_type(file: IO[bytes]) -> str | None:
    """The resume type from the bytes themselves, or None when it is not a PDF, DOC or DOCX."""
    head = _read_head(file)
    if head.startswith(_OLE2_MAGIC):
        # OLE2 is the container of every pre-2007 Office file; refuse the ones that are clearly not Word.
        kind = filetype.guess(head)
        if kind is not None and kind.mime != DOC:
            return None
        return DOC
    if head.startswith(_ZIP_MAGIC):
        return DOCX if _is_docx(file) else None
    kind = filetype.guess(head)
    if kind is not None and kind.mime == PDF:
        return PDF
    return None


_UNSAFE = re.compile(r"[^\w.\- ()\[\]]+")


def sanitize_filename(name: str, extension: str) -> str:
    """The name a person gave the file, without path parts, control or quoting characters, at most 255
    characters, ending in the extension that matches the content."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, dot, ext = name.rpartition(".")
    if not (dot and ext.lower() in EXTENSIONS.values()):
        stem = name
    stem = stem.strip(" ._") or "resume"
    stem = stem[: 250 - len(extension)]
    return f"{stem}.{extension}"


def resume_inspect(file) -> ResumeInfo:
    """Check an uploaded resume: not empty, not too large, and a PDF, DOC or DOCX by content.

    Raises Invalid naming ``resume`` with a message that says what is accepted.
    """
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise Invalid(f"The resume file is empty. {accepted_message()}", field="resume", code="resume_empty")
    if size > settings.RESUME_MAX_BYTES:
        raise Invalid(f"The resume file is too large. {accepted_message()}", field="resume", code="resume_too_large")
    content_type = sniff_content_type(file)
    if content_type is None:
        raise Invalid(
            f"The resume is not a PDF, DOC or DOCX document. {accepted_message()}",
            field="resume",
            code="resume_wrong_type",
        )
    extension = EXTENSIONS[content_type]
    return ResumeInfo(
        content_type=content_type,
        extension=extension,
        filename=sanitize_filename(getattr(file, "name", "") or "", extension),
    )


def random_storage_name(extension: str) -> str:
    """The name the storage sees: random, so it says nothing about the person and cannot be guessed."""
    return f"{uuid.uuid4().hex}.{extension}"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the exact name as RFC 5987 ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9.\-_ ()\[\]]", "_", ascii_name).strip() or "resume"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def resume_open(application: "Application") -> IO[bytes]:
    """The stored resume of ``application``, opened, or Http404: none was uploaded, or the file is gone."""
    if not application.resume:
        raise Http404(_("This application has no resume."))
    try:
        return application.resume.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The resume file is missing.")) from exc


def resume_response(application: "Application", handle: IO[bytes], *, inline: bool = False) -> FileResponse:
    """The opened resume as a download (or shown in the page, ``inline``). The type recorded at upload from the
    file's own bytes, and nosniff: the browser renders it as that type (a PDF) or not at all, never as a page of
    this origin. Private and never stored: it is personal data."""
    response = FileResponse(handle, content_type=application.resume_content_type or "application/octet-stream")
    disposition = content_disposition(application.resume_filename or "resume")
    response["Content-Disposition"] = disposition.replace("attachment", "inline", 1) if inline else disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def framed_resume(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For a view whose resume a page shows in a frame, the only responses that may be framed: by this site's
    own pages only (X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self'), and sandboxed by the response's own
    CSP rather than a sandbox attribute (Chromium shows no PDF in a frame its parent sandboxed)."""
    return xframe_options_sameorigin(csp_replace({"frame-ancestors": ["'self'"], "sandbox": True})(view))


def resume_download(*, application: "Application", request: HttpRequest, inline: bool = False) -> FileResponse:
    """The application's resume, audited (who read whose resume, when): the API's download, the interview kit's
    and the candidate page's. ``inline`` (a PDF only) lets the browser show it in a frame."""
    if inline and application.resume and application.resume_content_type != PDF:
        raise Http404(_("Only a PDF resume can be shown in the page; download this one."))
    handle = resume_open(application)
    audit_application_read(
        action=AuditAction.RESUME_DOWNLOAD, application=application, request=request, extra={"inline": inline}
    )
    return resume_response(application, handle, inline=inline)
