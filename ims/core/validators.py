"""Validators shared by model fields and serializers."""

import re

from django.core.exceptions import ValidationError

# Control characters (Unicode category Cc: U+0000-001F, U+007F-009F, which include CR, LF, NEL, VT and FF) and the
# line and paragraph separators U+2028/2029. In a name or a title they let a value forge lines in the plain-text
# emails and calendar invites it is written into (a candidate named "Cara\r\nMeeting link: https://evil.example").
_NOT_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Multi-line text keeps tabs and line breaks (\n, \r\n); every other control character is still refused.
_NOT_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

SINGLE_LINE_MESSAGE = "Use a single line of text: line breaks, tabs and other control characters are not allowed."
MULTI_LINE_MESSAGE = "Control characters are not allowed (line breaks and tabs are)."


def validate_single_line(value: str) -> None:
    """For one-line text (names, titles, places, phone numbers): no control characters, no line separators."""
    if isinstance(value, str) and _NOT_SINGLE_LINE.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")


def validate_multi_line(value: str) -> None:
    """For free text (descriptions, cover letters, comments, notes): line breaks and tabs, no other controls."""
    if isinstance(value, str) and _NOT_MULTI_LINE.search(value):
        raise ValidationError(MULTI_LINE_MESSAGE, code="control_characters")
