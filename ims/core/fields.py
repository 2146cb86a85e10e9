"""Serializer fields shared by every app."""

from rest_framework import serializers

from ims.core.parsing import ParseError, parse_id


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A row named by its id: a JSON integer (or a string of ASCII digits) from 1 to 2**63 - 1.

    DRF's field hands the value to the database lookup as it came: ``1e400`` (infinity in JSON) overflowed
    ``int()``, ``1e30`` overflowed the column (both 500s), ``1.5`` silently named row 1 and ``"٣"`` row 3.
    """

    def to_internal_value(self, data):
        try:
            pk = parse_id(data)
        except ParseError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(pk)
