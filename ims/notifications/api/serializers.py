from rest_framework import serializers

from ims.notifications.models import Notification


class NotificationRecipientSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)


class NotificationSerializer(serializers.ModelSerializer):
    recipient = NotificationRecipientSerializer(read_only=True)
    # Output only. Not read_only, so the schema does not mark it required (it is absent for non-admins).
    last_error = serializers.CharField(required=False, help_text="The last delivery error. Present for admins only.")

    class Meta:
        model = Notification
        fields = ["id", "recipient", "kind", "subject", "status", "attempts", "last_error", "created_at", "sent_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not (request and request.user.is_authenticated and request.user.is_admin):
            data.pop("last_error", None)
        return data


class NotificationDetailSerializer(NotificationSerializer):
    class Meta(NotificationSerializer.Meta):
        fields = [*NotificationSerializer.Meta.fields, "body_text"]
        read_only_fields = fields
