"""Resume storage cannot be steered outside MEDIA_ROOT/resumes by the client's file name.

Written against the storage and the Application.resume field (ims/jobs/models.py) plus the naming helpers in
ims/jobs/resumes.py, not the upload API: the API test of the same promise lives with the jobs app
(ims/jobs/tests/test_resume.py).
"""

import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ims.jobs.models import Application
from ims.jobs.resumes import random_storage_name, sanitize_filename
from tests.factories import ApplicationFactory

HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "/etc/passwd.pdf",
    "resumes/../../../outside.pdf",
    "%2e%2e%2fetc%2fpasswd.pdf",
    "..",
    "cv.pdf\x00.sh",
    "C:\\Users\\cara\\cv.pdf",
    "Cara's CV (final).pdf",
]
RANDOM_NAME = re.compile(r"^resumes/[0-9a-f]{32}\.pdf$")


def resumes_dir() -> Path:
    return Path(default_storage.location).resolve() / "resumes"


def every_file_under(root: Path) -> set[Path]:
    return {path.resolve() for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_the_resume_field_stores_into_the_resumes_folder_of_the_default_storage():
    field = Application._meta.get_field("resume")
    assert field.storage is default_storage
    assert field.upload_to == "resumes/"


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_a_resume_is_stored_under_a_random_name_inside_media_root_resumes_whatever_the_client_called_it(
    db, settings, hostile
):
    application = ApplicationFactory()
    # What the upload does: the client's name is only kept (sanitised) for display; storage gets a random one.
    display_name = sanitize_filename(hostile, "pdf")
    application.resume.save(random_storage_name("pdf"), ContentFile(b"%PDF-1.4 resume"), save=True)

    assert RANDOM_NAME.match(application.resume.name), application.resume.name
    stored = Path(application.resume.path).resolve()
    assert stored.parent == resumes_dir()
    assert stored.is_file()
    assert every_file_under(Path(settings.MEDIA_ROOT).resolve()) == {stored}
    assert "/" not in display_name and "\\" not in display_name and "\x00" not in display_name
    assert not display_name.startswith(".")
    assert display_name.endswith(".pdf")


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_even_a_hostile_name_handed_straight_to_the_field_cannot_leave_the_resumes_folder(db, settings, hostile):
    media_root = Path(settings.MEDIA_ROOT).resolve()
    outside_before = every_file_under(media_root.parent)
    application = ApplicationFactory()
    try:
        application.resume.save(hostile, ContentFile(b"%PDF-1.4 resume"), save=False)
    except SuspiciousFileOperation:
        written = set()
    else:
        written = {Path(application.resume.path).resolve()}
    for path in written:
        assert resumes_dir() in path.parents, path
    assert every_file_under(media_root.parent) - outside_before == written


@pytest.mark.parametrize("hostile", ["../../etc/passwd.pdf", "/etc/passwd.pdf", "a/../../../b.pdf"])
def test_the_storage_refuses_paths_that_resolve_outside_media_root(hostile):
    with pytest.raises(SuspiciousFileOperation):
        default_storage.path(os.path.join("resumes", hostile))


def test_random_storage_names_do_not_repeat():
    names = {random_storage_name("pdf") for _ in range(1000)}
    assert len(names) == 1000
