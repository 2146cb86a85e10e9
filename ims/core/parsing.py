"""The one place numbers and dates from the outside world are read.

Python's own readers are too generous for input: ``"²".isdigit()`` is true but ``int("²")`` fails, ``int("٣")``
is 3, ``json.loads("1e400")`` is infinity, ``int(1.5)`` is 1, and ``date.max + timedelta(days=1)`` raises
OverflowError. Each was a 500 (or a silently different id). Here a number is ASCII digits (or a JSON integer),
an id fits the 64-bit column it is compared with, and a date leaves room for the day the server adds to it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.utils.dateparse import parse_date, parse_datetime

MAX_ID = 2**63 - 1  # the largest value a BigAutoField (and PostgreSQL's bigint) holds
_MAX_ID_DIGITS = len(str(MAX_ID))

ID_MESSAGE = "Give a numeric id (a whole number from 1 to 9223372036854775807)."
DATE_MESSAGE = "Give an ISO 8601 date (2030-03-10) or a date and time with an offset."
DATETIME_MESSAGE = "Give a date and time in ISO 8601, e.g. 2030-03-10T10:00:00+05:30."
OUT_OF_RANGE_MESSAGE = "This date and time is out of range."
OFFSET_REQUIRED = (
    "Include a UTC offset, e.g. 2030-03-10T10:00:00+05:30 or 2030-03-10T04:30:00Z; a time without one is ambiguous."
)


class ParseError(ValueError):
    """The value is not what was asked for; ``message`` says what to send instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_ascii_digits(raw: str) -> bool:
    return raw.isascii() and raw.isdigit()


def parse_whole_number(raw: object) -> int:
    """A non-negative whole number written in ASCII digits (a JSON integer is accepted as it is).

    Booleans and floats are refused even when whole: ``true`` and ``1.0`` are not ids. Strings longer than any
    64-bit number are refused before ``int()`` sees them (Python refuses past 4,300 digits with a ValueError).
    """
    if isinstance(raw, bool):
        raise ParseError(ID_MESSAGE)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and is_ascii_digits(raw.strip()):
        digits = raw.strip().lstrip("0") or "0"
        if len(digits) > _MAX_ID_DIGITS:
            return MAX_ID + 1
        return int(digits)
    raise ParseError(ID_MESSAGE)


def parse_id(raw: object) -> int:
    """An id: a whole number from 1 to 2**63 - 1."""
    value = parse_whole_number(raw)
    if not 1 <= value <= MAX_ID:
        raise ParseError(ID_MESSAGE)
    return value


def parse_page_number(raw: str) -> int:
    """A page number, ASCII digits only; absurdly long ones are clamped (such a page simply does not exist)."""
    raw = raw.strip()
    if not is_ascii_digits(raw):
        raise ParseError("Give a page number (1, 2, ...) or last.")
    return min(parse_whole_number(raw), MAX_ID)


def parse_moment(raw: str, *, end_of_day: bool = False) -> datetime:
    """An aware datetime in UTC from ``2030-03-10`` (that day in UTC; with ``end_of_day`` the start of the next
    day, so "to 2030-03-10" includes the 10th) or an ISO 8601 date and time with an offset."""
    raw = raw.strip().replace(" ", "+")  # an unencoded '+' in a query string arrives as ' '
    if len(raw) == 10 and raw.isascii():
        try:
            day = parse_date(raw)
        except ValueError:  # well-formed but impossible, e.g. 2030-02-30
            raise ParseError(DATE_MESSAGE) from None
        if day is not None:
            if not end_of_day:
                return day_start(day)
            if day == date.max:  # the calendar's last day has no next day to end at
                raise ParseError(OUT_OF_RANGE_MESSAGE)
            return day_start(day + timedelta(days=1))
    return parse_aware_datetime(raw, invalid=DATE_MESSAGE)


def parse_aware_datetime(raw: str, *, invalid: str = DATETIME_MESSAGE) -> datetime:
    """An ISO 8601 date and time with a UTC offset, as the same instant in UTC."""
    raw = raw.strip()
    if not raw.isascii():  # \d in Django's patterns matches any Unicode digit
        raise ParseError(invalid)
    try:
        parsed = parse_datetime(raw)
    except ValueError:  # well-formed but impossible, e.g. 2030-02-30T10:00Z
        parsed = None
    if parsed is None:
        raise ParseError(invalid)
    if parsed.tzinfo is None:
        raise ParseError(OFFSET_REQUIRED)
    return aware_to_utc(parsed)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def aware_to_utc(value: datetime) -> datetime:
    """The same instant in UTC; ``0001-01-01T00:00:00+05:00`` is before year 1 in UTC and cannot be one."""
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ParseError(OUT_OF_RANGE_MESSAGE) from None


def add_or_fail(moment: datetime, delta: timedelta, *, margin: timedelta = timedelta(days=1)) -> datetime:
    """``moment + delta``, refused if the result (plus ``margin``, room for showing it in any time zone, up to
    UTC+/-24h) is past the calendar's last day."""
    try:
        result = moment + delta
        result + margin
        result - margin
    except OverflowError:
        raise ParseError(OUT_OF_RANGE_MESSAGE) from None
    return result
