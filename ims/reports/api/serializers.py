"""Response shapes, for the OpenAPI schema: every report answers ``{report, from, to, filters, columns, count, next,
previous, rows}``, ``rows`` being one page."""

from rest_framework import serializers

from ims.jobs.models import ApplicationStatus, EmploymentType, RejectionReason


class ReportFiltersSerializer(serializers.Serializer):
    job = serializers.IntegerField(allow_null=True)
    department = serializers.CharField(allow_blank=True)
    employment_type = serializers.ChoiceField(choices=["", *EmploymentType.values], allow_blank=True)


def report_serializer(name: str, row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    return type(
        f"{name}Report",
        (serializers.Serializer,),
        {
            "report": serializers.CharField(),
            # A dict key, so the field can be named ``from`` (a Python keyword).
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "filters": ReportFiltersSerializer(),
            "columns": serializers.ListField(child=serializers.CharField(), help_text="The CSV header, in order."),
            "count": serializers.IntegerField(help_text="Rows in the whole report (the CSV has them all)."),
            "next": serializers.URLField(allow_null=True, help_text="The next page, null on the last."),
            "previous": serializers.URLField(allow_null=True, help_text="The previous page, null on the first."),
            "rows": row(many=True, help_text="This page's rows, in the report's order."),
            "__doc__": row.__doc__,
        },
    )


STAGES = [str(s) for s in (ApplicationStatus.APPLIED, ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEWING)]


class ReportRowSerializer(serializers.Serializer):
    """A report's rows; the class also names the report (its URL's, its CSV's)."""

    report_name = ""


class FunnelRowSerializer(ReportRowSerializer):
    """Applications that came in within the range: per stage, how many reached it (or a later one), how many
    left it rejected or withdrawn, and the share that went on to the next stage. Rows with `job` null are all
    jobs together."""

    report_name = "funnel"

    job = serializers.IntegerField(allow_null=True)
    job_title = serializers.CharField(allow_blank=True)
    stage = serializers.ChoiceField(choices=[*STAGES, ApplicationStatus.SELECTED.value])
    reached = serializers.IntegerField()
    rejected = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    conversion_to_next = serializers.FloatField(allow_null=True, help_text="reached(next stage) / reached; 0..1.")


class TimeToHireRowSerializer(ReportRowSerializer):
    """Days from applying to being selected (selections within the range) and to the first interview that was
    not cancelled (first interviews within the range): count, median and 90th percentile (nearest rank)."""

    report_name = "time-to-hire"

    metric = serializers.ChoiceField(choices=["time_to_hire", "time_to_first_interview"])
    job = serializers.IntegerField(allow_null=True)
    job_title = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()
    median_days = serializers.FloatField(allow_null=True)
    p90_days = serializers.FloatField(allow_null=True)


class TimeInStageRowSerializer(ReportRowSerializer):
    """Days spent in each status, over the stays that ended within the range (event in to event out)."""

    report_name = "time-in-stage"

    stage = serializers.ChoiceField(choices=[*STAGES, ApplicationStatus.REJECTED.value])
    count = serializers.IntegerField()
    median_days = serializers.FloatField(allow_null=True)
    p90_days = serializers.FloatField(allow_null=True)


class InterviewerLoadRowSerializer(ReportRowSerializer):
    """Interviews starting within the range, per interviewer and ISO week (the Monday, 00:00 UTC), by status."""

    report_name = "interviewer-load"

    week = serializers.DateField(help_text="The Monday the ISO week starts on (00:00 UTC).")
    interviewer = serializers.IntegerField()
    interviewer_name = serializers.CharField()
    total = serializers.IntegerField()
    scheduled = serializers.IntegerField()
    upcoming = serializers.IntegerField(help_text="Scheduled and not started yet.")
    completed = serializers.IntegerField()
    no_show = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class FeedbackTurnaroundRowSerializer(ReportRowSerializer):
    """Hours from an interview's end to its feedback (interviews that ended within the range), per interviewer
    (null: everybody), and feedback overdue now (ended over 24 hours ago, not cancelled or a no-show)."""

    report_name = "feedback-turnaround"

    interviewer = serializers.IntegerField(allow_null=True)
    interviewer_name = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)
    p90_hours = serializers.FloatField(allow_null=True)
    overdue = serializers.IntegerField()


class RejectionReasonsRowSerializer(ReportRowSerializer):
    """Rejections made within the range, per stage rejected from and reason."""

    report_name = "rejection-reasons"

    stage = serializers.ChoiceField(choices=STAGES)
    reason = serializers.ChoiceField(choices=RejectionReason.values)
    count = serializers.IntegerField()


class ApplicationsOverTimeRowSerializer(ReportRowSerializer):
    """Applications that came in within the range, per ISO week and per job (or per department with
    `by=department`, where `job` is null)."""

    report_name = "applications-over-time"

    week = serializers.DateField(help_text="The Monday the ISO week starts on (00:00 UTC).")
    job = serializers.IntegerField(allow_null=True)
    job_title = serializers.CharField(allow_blank=True)
    department = serializers.CharField()
    count = serializers.IntegerField()


# Every report, in the order the URLs list them.
REPORT_ROWS: tuple[type[ReportRowSerializer], ...] = (
    FunnelRowSerializer,
    TimeToHireRowSerializer,
    TimeInStageRowSerializer,
    InterviewerLoadRowSerializer,
    FeedbackTurnaroundRowSerializer,
    RejectionReasonsRowSerializer,
    ApplicationsOverTimeRowSerializer,
)
