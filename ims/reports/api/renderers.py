import csv
import io

from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """A report as CSV: a header row of its columns, then one line per row (dates ISO, null as empty)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        columns = data["columns"]
        writer.writerow(columns)
        for row in data["rows"]:
            writer.writerow(["" if row[name] is None else _text(row[name]) for name in columns])
        return buffer.getvalue().encode(self.charset)


def _text(value) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # A cell a spreadsheet would run as a formula (job titles and names are user input) is quoted as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
