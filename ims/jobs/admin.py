"""Admin site for jobs and applications. Every write with a rule goes through ims.jobs.services, so the
pipeline holds here exactly as in the API: status is read-only in the form and changes through actions."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest

from ims.core.admin_forms import ServiceAdmin, ServiceDeleteMixin, ServiceForm
from ims.core.exceptions import ServiceError
from ims.jobs import services
from ims.jobs.models import JOB_EDITABLE_FIELDS, Application, ApplicationEvent, ApplicationStatus, Job, RejectionReason


class JobAdminForm(ServiceForm):
    """Creates or changes the job through job_create/job_update, so their rules (openings not below the
    candidates already selected, a full job not reopened) show as errors on the fields they name."""

    class Meta:
        model = Job
        fields = JOB_EDITABLE_FIELDS

    def run_service(self, data):
        values = {name: data[name] for name in JOB_EDITABLE_FIELDS if name in data}
        if self.instance.pk:
            return services.job_update(job=self.instance, **values)
        return services.job_create(created_by=self.actor, **values)


@admin.register(Job)
class JobAdmin(ServiceDeleteMixin, ServiceAdmin):
    form = JobAdminForm
    list_display = ("title", "department", "employment_type", "openings", "is_open", "applications", "created_at")
    list_filter = ("is_open", "employment_type", "department")
    search_fields = ("title", "description", "department", "location")
    readonly_fields = ("closed_at", "created_by", "created_at", "updated_at")
    fields = (*JOB_EDITABLE_FIELDS, *readonly_fields)
    list_select_related = ("created_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_total=Count("applications"))

    @admin.display(description="Applications", ordering="application_total")
    def applications(self, job: Job) -> int:
        return job.application_total

    def delete_service(self, obj: Job) -> None:
        services.job_delete(job=obj)


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "reason", "note", "actor")
    readonly_fields = fields
    ordering = ("at", "id")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _apply(modeladmin, request, queryset, action, success: str) -> None:
    done = 0
    for application in queryset.select_related("job", "candidate"):
        try:
            action(application)
            done += 1
        except ServiceError as exc:
            modeladmin.message_user(request, f"Application {application.pk}: {exc.detail}", level=messages.ERROR)
    if done:
        modeladmin.message_user(request, f"{done} application(s) {success}.", level=messages.SUCCESS)


@admin.action(description="Move to screening")
def move_to_screening(modeladmin, request, queryset):
    def action(application):
        note = "Re-opened from the admin site." if application.status == ApplicationStatus.REJECTED else ""
        services.application_transition(
            application=application, to_status=ApplicationStatus.SCREENING, actor=request.user, note=note
        )

    _apply(modeladmin, request, queryset, action, "moved to screening")


@admin.action(description="Move to interviewing")
def move_to_interviewing(modeladmin, request, queryset):
    def action(application):
        services.application_transition(
            application=application, to_status=ApplicationStatus.INTERVIEWING, actor=request.user
        )

    _apply(modeladmin, request, queryset, action, "moved to interviewing")


@admin.action(description="Reject (other)")
def reject_other(modeladmin, request, queryset):
    def action(application):
        services.application_reject(
            application=application,
            actor=request.user,
            reason=RejectionReason.OTHER,
            note="Rejected from the admin site.",
        )

    _apply(modeladmin, request, queryset, action, "rejected")


@admin.action(description="Reject (position filled)")
def reject_position_filled(modeladmin, request, queryset):
    def action(application):
        services.application_reject(application=application, actor=request.user, reason=RejectionReason.POSITION_FILLED)

    _apply(modeladmin, request, queryset, action, "rejected")


@admin.action(description="Select")
def select(modeladmin, request, queryset):
    def action(application):
        services.application_select(application=application, actor=request.user)

    _apply(modeladmin, request, queryset, action, "selected")


@admin.register(Application)
class ApplicationAdmin(ServiceDeleteMixin, admin.ModelAdmin):
    list_display = ("id", "candidate", "job", "status", "applied_at", "updated_at")
    list_filter = ("status", "job__department")
    search_fields = ("candidate__email", "candidate__first_name", "candidate__last_name", "job__title")
    list_select_related = ("candidate", "job")
    raw_id_fields = ("job", "candidate")
    fields = (
        "job",
        "candidate",
        "status",
        "cover_letter",
        "resume",
        "resume_filename",
        "resume_content_type",
        "applied_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (ApplicationEventInline,)
    actions = (move_to_screening, move_to_interviewing, reject_other, reject_position_filled, select)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Candidates apply through the API (application_create: open job, resume checks, first event).
        return False

    def delete_service(self, obj: Application) -> None:
        services.application_delete(application=obj)
