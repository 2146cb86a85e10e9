"""The API's JSON parser: DRF's, refusing documents nested deeper than MAX_JSON_DEPTH before decoding them.

Python's json module decodes nesting by recursion: a body of 50,000 ``[`` (50 kB, far under the size limit)
raised RecursionError, a 500. The depth is measured first, iteratively, counting brackets outside strings.
"""

import codecs
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_JSON_DEPTH = 64

# A JSON string (skipped whole, so brackets inside it do not count) or one bracket.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_OPENING = frozenset("[{")


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``text`` opens more than ``limit`` arrays/objects inside one another (outside strings)."""
    if text.count("[") + text.count("{") <= limit:  # the common case: cannot be that deep, no scan
        return False
    depth = 0
    for match in _TOKENS.finditer(text):
        bracket = match.group()
        if bracket in _OPENING:
            depth += 1
            if depth > limit:
                return True
        elif bracket in "]}":
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as exc:  # UnicodeDecodeError
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth_exceeds(text):
            raise ParseError("JSON nested too deeply", code="json_too_deep")
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
