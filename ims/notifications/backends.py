"""Development mail: each message is its own ``.eml`` file, which any mail client opens as the recipient would see it.

Django's file backend appends every message of a connection to one log file of raw MIME; this one writes
``<UTC timestamp>-<subject slug>.eml`` per message under ``EMAIL_FILE_PATH`` (``var/mail/`` by default), so the
text, the HTML and the calendar invite (``invite.ics``, a real attachment) can be read and opened one by one.
"""

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.text import slugify

SLUG_LENGTH = 50


def eml_filename(subject: str, *, suffix: int = 0) -> str:
    """``20261203-140102-123456-interview-scheduled.eml``: sorts by time, says what the mail is about."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    slug = slugify(subject)[:SLUG_LENGTH].strip("-") or "no-subject"
    return f"{stamp}-{slug}{f'-{suffix}' if suffix else ''}.eml"


class EmlFileBackend(BaseEmailBackend):
    """Write each message as one ``.eml`` file (RFC 5322 bytes, exactly what SMTP would have carried)."""

    def __init__(self, *, file_path: str | None = None, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.file_path = Path(file_path or getattr(settings, "EMAIL_FILE_PATH", None) or settings.VAR_DIR / "mail")

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        sent = 0
        try:
            self.file_path.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                self._write(message)
                sent += 1
        except Exception:
            if not self.fail_silently:
                raise
        return sent

    def _write(self, message: EmailMessage) -> Path:
        data = message.message().as_bytes()
        # O_EXCL plus a suffix keeps two messages with the same subject in the same microsecond apart.
        for suffix in range(100):
            target = self.file_path / eml_filename(str(message.subject), suffix=suffix)
            try:
                with open(target, "xb") as file:
                    file.write(data)
            except FileExistsError:
                continue
            return target
        raise FileExistsError(f"No free file name for {message.subject!r} in {self.file_path}")
