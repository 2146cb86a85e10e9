"""Admin site for round types, interviews and feedback.

Every write goes through ims.interviews.services, so the admin obeys the same rules as the API (no
overlaps, future times, active interviewers). The service runs in the form's validation step, so a rule
it refuses becomes a form error on the field it names instead of a 500 or a silent failure.
"""

from django import forms
from django.contrib import admin, messages

from ims.core.admin_forms import ServiceAdmin, ServiceDeleteMixin, ServiceForm
from ims.core.exceptions import ServiceError
from ims.interviews import services
from ims.interviews.models import (
    CRITERIA_MAX,
    DURATION_MAX,
    DURATION_MIN,
    FEEDBACK_FIELDS,
    MEETING_URL_MAX,
    Feedback,
    Interview,
    InterviewStatus,
    RoundType,
)


class RoundTypeForm(ServiceForm):
    criteria = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One criterion per line (at most {CRITERIA_MAX}).",
    )

    class Meta:
        model = RoundType
        fields = ["name", "description", "guidance", "default_duration", "criteria", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["criteria"] = "\n".join(self.instance.criteria or [])

    def clean_criteria(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("criteria") or "").splitlines() if line.strip()]

    def run_service(self, data):
        values = {name: data.get(name) for name in self.Meta.fields}
        values["description"] = values["description"] or ""
        values["guidance"] = values["guidance"] or ""
        if self.instance.pk:
            return services.round_type_update(round_type=self.instance, data=values)
        return services.round_type_create(**values)


@admin.register(RoundType)
class RoundTypeAdmin(ServiceDeleteMixin, ServiceAdmin):
    form = RoundTypeForm
    list_display = ["name", "default_duration", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def delete_service(self, obj: RoundType) -> None:
        services.round_type_delete(round_type=obj)


class InterviewForm(ServiceForm):
    duration = forms.IntegerField(
        required=False,
        min_value=DURATION_MIN,
        max_value=DURATION_MAX,
        help_text="Minutes; empty uses the round type's default.",
    )
    meeting_url = forms.URLField(required=False, max_length=MEETING_URL_MAX, assume_scheme="https")

    class Meta:
        model = Interview
        fields = [
            "application",
            "round_type",
            "interviewer",
            "scheduled_at",
            "duration",
            "location",
            "meeting_url",
            "status",
        ]

    def run_service(self, data):
        if not self.instance.pk:
            return services.interview_schedule(
                application=data["application"],
                round_type=data["round_type"],
                interviewer=data["interviewer"],
                scheduled_at=data["scheduled_at"],
                duration=data.get("duration"),
                location=data.get("location") or "",
                meeting_url=data.get("meeting_url") or "",
                actor=self.actor,
            )
        changed = {name: data[name] for name in self.changed_data if name in services.INTERVIEW_FIELDS}
        if changed.get("duration") is None:
            changed.pop("duration", None)
        return services.interview_update(interview=self.instance, data=changed, actor=self.actor)


@admin.register(Interview)
class InterviewAdmin(ServiceAdmin):
    form = InterviewForm
    list_display = ["id", "application", "round_type", "interviewer", "scheduled_at", "duration", "status"]
    list_filter = ["status", "round_type"]
    search_fields = ["application__candidate__email", "interviewer__email", "application__job__title"]
    date_hierarchy = "scheduled_at"
    list_select_related = ["application__job", "application__candidate", "round_type", "interviewer"]
    raw_id_fields = ["application"]
    readonly_fields = ["ends_at", "sequence", "created_by", "created_at", "updated_at"]
    actions = ["cancel_interviews"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ["application", *self.readonly_fields]

    def get_fields(self, request, obj=None):
        fields = list(InterviewForm.Meta.fields)
        if obj is None:
            fields.remove("status")  # a new interview is always scheduled
        return [*fields, *self.get_readonly_fields(request, obj)]

    def has_delete_permission(self, request, obj=None):
        return False  # interviews are history: cancel instead

    @admin.action(description="Cancel selected scheduled interviews")
    def cancel_interviews(self, request, queryset):
        cancelled = 0
        for interview in queryset.filter(status=InterviewStatus.SCHEDULED):
            try:
                services.interview_cancel(interview=interview, actor=request.user)
                cancelled += 1
            except ServiceError as exc:
                self.message_user(request, f"Interview {interview.pk}: {exc.detail}", level=messages.ERROR)
        self.message_user(request, f"Cancelled {cancelled} interview(s).")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["interview", "interviewer", "rating", "recommendation", "submitted_at"]
    list_filter = ["recommendation", "rating"]
    list_select_related = ["interview", "interviewer"]
    readonly_fields = ["interview", "interviewer", *FEEDBACK_FIELDS, "submitted_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
