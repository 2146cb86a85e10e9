"""Thin views: validate the input, fetch through a scoped selector, call a service, serialize."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from ims.accounts.models import Role, User
from ims.core.api.body import validated
from ims.core.api.schema import error_responses, put_and_patch
from ims.core.filters import query_params
from ims.core.pagination import DEFAULT_PAGE_SIZE, first_page
from ims.core.permissions import IsAdmin, IsAdminOrInterviewer, IsCandidate, IsInterviewer
from ims.core.prepared import PreparedCount, PreparedRead
from ims.interviews import selectors, services
from ims.interviews.api import filters
from ims.interviews.api import serializers as s
from ims.interviews.models import Feedback, Interview, InterviewStatus
from ims.jobs.selectors import access_application

CONFLICT = "Conflicts with the current state (e.g. an overlapping interview)."


class _View(GenericAPIView):
    filter_backends: list = []

    # Reads for admins and interviewers, writes for admins; candidates get 403 everywhere.
    def get_permissions(self):
        if self.request.method in SAFE_METHODS:
            return [IsAdminOrInterviewer()]
        return [IsAdmin()]

    def paginated(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)


def _interview_response(request, interview, status_code=status.HTTP_200_OK) -> Response:
    # Re-read through the selector so the representation (feedback_submitted, job) is the list's.
    fresh = selectors.access_interview(user=request.user, pk=interview.pk)
    return Response(s.InterviewSerializer(fresh).data, status=status_code)


# --- Round types ---------------------------------------------------------------------------------


class RoundTypeListView(_View):
    serializer_class = s.RoundTypeSerializer

    @extend_schema(
        summary="List interview round types",
        parameters=[OpenApiParameter("is_active", OpenApiTypes.BOOL, description="Only active (or inactive) ones.")],
        responses={200: s.RoundTypeSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        queryset = selectors.round_types_visible_to(request.user)
        is_active = query_params(filters.RoundTypeFilter, request.query_params)["is_active"]
        if is_active is not None:
            queryset = queryset.filter(is_active=is_active)
        return self.paginated(queryset, s.RoundTypeSerializer)

    @extend_schema(
        summary="Create a round type",
        request=s.RoundTypeInputSerializer,
        responses={201: s.RoundTypeSerializer, **error_responses(400, 401, 403, 409, e409=CONFLICT)},
    )
    def post(self, request):
        data = validated(s.RoundTypeInputSerializer, request)
        round_type = services.round_type_create(**data)
        return Response(s.RoundTypeSerializer(round_type).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    **put_and_patch(
        put="Replace a round type",
        patch="Change a round type (e.g. deactivate it with is_active: false)",
        request=s.RoundTypeInputSerializer,
        responses={200: s.RoundTypeSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)},
    )
)
class RoundTypeDetailView(_View):
    serializer_class = s.RoundTypeSerializer

    @extend_schema(summary="A round type", responses={200: s.RoundTypeSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.RoundTypeSerializer(selectors.access_round_type(user=request.user, pk=pk)).data)

    def _update(self, request, pk, *, partial: bool):
        round_type = selectors.access_round_type(user=request.user, pk=pk)
        data = validated(s.RoundTypeInputSerializer, request, partial=partial)
        round_type = services.round_type_update(round_type=round_type, data=dict(data))
        return Response(s.RoundTypeSerializer(round_type).data)

    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    @extend_schema(
        summary="Delete an unused round type",
        responses={
            204: OpenApiResponse(description="Deleted."),
            **error_responses(401, 403, 404, 409, e409="Interviews use it; deactivate it instead."),
        },
    )
    def delete(self, request, pk):
        services.round_type_delete(round_type=selectors.access_round_type(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Interviews ----------------------------------------------------------------------------------


class ApplicationRoundsView(_View):
    serializer_class = s.InterviewSerializer

    @extend_schema(
        summary="An application's interviews (interviewers see only their own)",
        responses={200: s.InterviewSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        application = access_application(user=request.user, pk=pk)
        queryset = selectors.interviews_of_application(user=request.user, application=application)
        return self.paginated(queryset, s.InterviewSerializer)

    @extend_schema(
        summary="Schedule an interview for an application",
        operation_id="applications_rounds_schedule",
        request=s.InterviewScheduleSerializer,
        responses={201: s.InterviewSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)},
    )
    def post(self, request, pk):
        application = access_application(user=request.user, pk=pk)
        data = validated(s.InterviewScheduleSerializer, request)
        values = dict(data)
        interview = services.interview_schedule(
            application=application,
            round_type=values["round_type"],
            interviewer=values["interviewer"],
            scheduled_at=values["scheduled_at"],
            duration=values.get("duration"),
            location=values.get("location", ""),
            meeting_url=values.get("meeting_url", ""),
            actor=request.user,
        )
        return _interview_response(request, interview, status.HTTP_201_CREATED)


class InterviewDetailView(_View):
    serializer_class = s.InterviewSerializer

    @extend_schema(
        summary="An interview (admins; its interviewer)",
        responses={200: s.InterviewSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        return Response(s.InterviewSerializer(selectors.access_interview(user=request.user, pk=pk)).data)

    def _update(self, request, pk):
        interview = selectors.access_interview(user=request.user, pk=pk)
        data = validated(s.InterviewUpdateSerializer, request, partial=True)
        interview = services.interview_update(interview=interview, data=dict(data), actor=request.user)
        return _interview_response(request, interview)

    @extend_schema(
        summary="Reschedule or change an interview",
        description="Changing `scheduled_at`, `duration` or `interviewer` re-checks overlaps (409 naming them). "
        "`status` may be set to `completed` or `no_show` once the interview has started, or `cancelled`.",
        request=s.InterviewUpdateSerializer,
        responses={200: s.InterviewSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)},
    )
    def put(self, request, pk):
        return self._update(request, pk)

    @extend_schema(
        summary="Reschedule or change an interview (partial)",
        request=s.InterviewUpdateSerializer,
        responses={200: s.InterviewSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)},
    )
    def patch(self, request, pk):
        return self._update(request, pk)

    @extend_schema(
        summary="Cancel an interview (kept in the history with status cancelled)",
        operation_id="application_rounds_cancel",
        responses={
            204: OpenApiResponse(description="Cancelled."),
            **error_responses(401, 403, 404, 409, e409="The interview is completed or a no-show."),
        },
    )
    def delete(self, request, pk):
        services.interview_cancel(interview=selectors.access_interview(user=request.user, pk=pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InterviewFeedbackView(_View):
    serializer_class = s.FeedbackSerializer

    def get_permissions(self):
        if self.request.method in SAFE_METHODS:
            return [IsAdminOrInterviewer()]
        return [IsInterviewer()]

    def _serializer_class(self, request):
        return s.FeedbackAdminSerializer if request.user.is_admin else s.FeedbackSerializer

    @extend_schema(
        summary="The feedback on an interview (admins; its interviewer)",
        description="`private_notes` is included for admins only.",
        responses={200: s.FeedbackAdminSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        feedback = selectors.access_feedback(user=request.user, pk=pk)
        return Response(self._serializer_class(request)(feedback).data)

    @extend_schema(
        summary="Submit feedback on your interview (marks it completed)",
        operation_id="application_rounds_feedback_submit",
        request=s.FeedbackInputSerializer,
        responses={201: s.FeedbackSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)},
    )
    def post(self, request, pk):
        interview = selectors.access_interview(user=request.user, pk=pk)
        data = validated(s.FeedbackInputSerializer, request)
        feedback = services.feedback_submit(interview=interview, interviewer=request.user, **data)
        return Response(self._serializer_class(request)(feedback).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit your submitted feedback (within 24 hours of submitting it; each edit is a new version)",
        operation_id="application_rounds_feedback_edit",
        request=s.FeedbackEditSerializer,
        responses={
            200: s.FeedbackSerializer,
            **error_responses(400, 403, 404, 409, e409="The edit window (24 hours after submission) has closed."),
        },
    )
    def patch(self, request, pk):
        feedback = selectors.access_feedback(user=request.user, pk=pk)
        data = validated(s.FeedbackEditSerializer, request)
        feedback = services.feedback_edit(feedback=feedback, editor=request.user, data=dict(data))
        return Response(self._serializer_class(request)(feedback).data)


class InterviewFeedbackDraftView(_View):
    """The interviewer's draft scorecard: theirs alone (admins never see drafts)."""

    serializer_class = s.FeedbackDraftSerializer

    def get_permissions(self):
        return [IsInterviewer()]

    @extend_schema(
        summary="Your draft feedback on your interview",
        operation_id="application_rounds_feedback_draft_retrieve",
        responses={200: s.FeedbackDraftSerializer, **error_responses(403, 404, e404="No such interview, or no draft.")},
    )
    def get(self, request, pk):
        interview = selectors.access_interview(user=request.user, pk=pk)
        draft = selectors.feedback_draft_of(user=request.user, interview=interview)
        if draft is None:
            raise Http404("There is no draft feedback on this interview.")
        return Response(s.FeedbackDraftSerializer(draft).data)

    @extend_schema(
        summary="Save your draft feedback (replaces the previous draft; every field optional)",
        operation_id="application_rounds_feedback_draft_save",
        request=s.FeedbackDraftInputSerializer,
        responses={
            200: s.FeedbackDraftSerializer,
            **error_responses(400, 403, 404, 409, e409="Feedback was already submitted, or the interview cancelled."),
        },
    )
    def put(self, request, pk):
        interview = selectors.access_interview(user=request.user, pk=pk)
        data = validated(s.FeedbackDraftInputSerializer, request)
        draft = services.feedback_draft_save(interview=interview, interviewer=request.user, data=dict(data))
        return Response(s.FeedbackDraftSerializer(draft).data)

    @extend_schema(
        summary="Discard your draft feedback",
        operation_id="application_rounds_feedback_draft_discard",
        responses={204: OpenApiResponse(description="Discarded (or there was none)."), **error_responses(403, 404)},
    )
    def delete(self, request, pk):
        interview = selectors.access_interview(user=request.user, pk=pk)
        services.feedback_draft_discard(interview=interview, interviewer=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InterviewFeedbackVersionsView(_View):
    serializer_class = s.FeedbackVersionSerializer

    @extend_schema(
        summary="Every submitted version of the feedback on an interview, oldest first (admins; its interviewer)",
        description="`private_notes` is included for admins only.",
        operation_id="application_rounds_feedback_versions_list",
        responses={200: s.FeedbackVersionAdminSerializer(many=True), **error_responses(403, 404)},
    )
    def get(self, request, pk):
        feedback = selectors.access_feedback(user=request.user, pk=pk)
        versions = selectors.feedback_versions(user=request.user, feedback=feedback)
        serializer = s.FeedbackVersionAdminSerializer if request.user.is_admin else s.FeedbackVersionSerializer
        return self.paginated(versions, serializer)


class CandidateFeedbackView(_View):
    serializer_class = s.CandidateFeedbackSerializer

    def get_permissions(self):
        return [IsCandidate()]

    @extend_schema(
        summary="Feedback on my interviews (candidate)",
        responses={200: s.CandidateFeedbackSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request):
        if not request.query_params:  # the default page, compiled once per connection
            rows = first_page(_candidate_feedback, _candidate_feedback_count, request.user.pk)
            return self.paginated(rows, s.CandidateFeedbackSerializer)
        return self.paginated(selectors.feedback_for_candidate(user=request.user), s.CandidateFeedbackSerializer)


class UpcomingInterviewsView(_View):
    serializer_class = s.InterviewSerializer

    @extend_schema(
        summary="Scheduled interviews that have not started, soonest first (interviewers: their own)",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATETIME, description="Starting at or after (date or datetime)."),
            OpenApiParameter("to", OpenApiTypes.DATETIME, description="Starting before (a date includes that day)."),
            OpenApiParameter("job", OpenApiTypes.INT, description="Only this job's interviews."),
            OpenApiParameter("interviewer", OpenApiTypes.INT, description="Only this interviewer's (admins)."),
        ],
        responses={200: s.InterviewSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        if not request.query_params and request.user.role in _UPCOMING:
            page, count, with_user = _UPCOMING[request.user.role]
            parameters = (request.user.pk, timezone.now()) if with_user else (timezone.now(),)
            return self.paginated(first_page(page, count, *parameters), s.InterviewSerializer)
        params = query_params(filters.UpcomingInterviewsFilter, request.query_params)
        queryset = selectors.interviews_upcoming(
            user=request.user,
            start=params["from"],
            end=params["to"],
            job_id=params["job"],
            interviewer_id=params["interviewer"],
        )
        return self.paginated(queryset.only(*s.INTERVIEW_READ_FIELDS), s.InterviewSerializer)


class MyInterviewsView(_View):
    serializer_class = s.InterviewSerializer

    def get_permissions(self):
        return [IsInterviewer()]

    @extend_schema(
        summary="My interviews, every status (interviewer)",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=InterviewStatus.values),
            OpenApiParameter("upcoming", OpenApiTypes.BOOL, description="Only scheduled ones not yet started."),
        ],
        responses={200: s.InterviewSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        if not request.query_params:  # the default page, compiled once per connection
            rows = first_page(_interviews_of_interviewer, _interviews_of_interviewer_count, request.user.pk)
            return self.paginated(rows, s.InterviewSerializer)
        params = query_params(filters.MyInterviewsFilter, request.query_params)
        queryset = selectors.interviews_of_interviewer(
            user=request.user, status=params["status"] or None, upcoming=bool(params["upcoming"])
        )
        return self.paginated(queryset.only(*s.INTERVIEW_READ_FIELDS), s.InterviewSerializer)


# The lists' default pages (no query parameter) from statements compiled once per connection (ims/core/prepared.py):
# each built from the selector the generic path calls, for a user of that id and role; the parity tests compare
# every answer with the generic path's (the same page asked for as ``?page=1``).
def _as(role: str, pk: int | None = None) -> User:
    return User(pk=pk, role=role)


def _feedback_of(candidate: int) -> QuerySet[Feedback]:
    return selectors.feedback_for_candidate(user=_as(Role.CANDIDATE, candidate))


_candidate_feedback = PreparedRead(lambda candidate: _feedback_of(candidate)[:DEFAULT_PAGE_SIZE])
_candidate_feedback_count = PreparedCount(_feedback_of)


def _interviews_of(interviewer: int) -> QuerySet[Interview]:
    return selectors.interviews_of_interviewer(user=_as(Role.INTERVIEWER, interviewer))


_interviews_of_interviewer = PreparedRead(
    lambda interviewer: _interviews_of(interviewer).only(*s.INTERVIEW_READ_FIELDS)[:DEFAULT_PAGE_SIZE]
)
_interviews_of_interviewer_count = PreparedCount(_interviews_of)


def _upcoming_of(interviewer: int, now: datetime) -> QuerySet[Interview]:
    return selectors.interviews_upcoming(user=_as(Role.INTERVIEWER, interviewer), now=now)


def _upcoming_of_all(now: datetime) -> QuerySet[Interview]:
    return selectors.interviews_upcoming(user=_as(Role.ADMIN), now=now)


_upcoming_all = PreparedRead(
    lambda now: _upcoming_of_all(now).only(*s.INTERVIEW_READ_FIELDS)[:DEFAULT_PAGE_SIZE], kinds=(datetime,)
)
_upcoming_all_count = PreparedCount(_upcoming_of_all, kinds=(datetime,))
_upcoming_mine = PreparedRead(
    lambda interviewer, now: _upcoming_of(interviewer, now).only(*s.INTERVIEW_READ_FIELDS)[:DEFAULT_PAGE_SIZE],
    kinds=(int, datetime),
    # Seven tables joined, planned per request otherwise (ims/core/prepared.py, _with_generic_plan): 4.5 -> 1.5 ms.
    # Not for the admin's (PostgreSQL already keeps its generic plan; the SET/RESET would cost 0.4 ms) nor
    # interviews/me (its generic plan is slower: 3.4 -> 4.2 ms).
    generic_plan=True,
)
_upcoming_mine_count = PreparedCount(_upcoming_of, kinds=(int, datetime))
# By role: the page, its count, and whether the user's id is a parameter (an admin sees every interviewer's).
_UPCOMING: dict[str, tuple[PreparedRead[Interview], PreparedCount, bool]] = {
    Role.ADMIN: (_upcoming_all, _upcoming_all_count, False),
    Role.INTERVIEWER: (_upcoming_mine, _upcoming_mine_count, True),
}
