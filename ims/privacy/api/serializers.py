from rest_framework import serializers

from ims.privacy.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", allow_null=True, read_only=True, help_text="User id.")
    candidate = serializers.IntegerField(source="candidate_id", allow_null=True, read_only=True, help_text="User id.")

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "action", "actor", "candidate", "object_type", "object_id", "ip", "request_id", "extra"]
        read_only_fields = fields


class EraseSelfSerializer(serializers.Serializer):
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, max_length=4096, help_text="Your current password."
    )
