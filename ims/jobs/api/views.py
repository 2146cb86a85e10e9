"""Thin views: validate -> call a service or selector -> serialize."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ims.core.api.body import validated
from ims.core.api.schema import binary_response, error_responses, list_schema, put_and_patch, whole_body
from ims.core.pagination import DEFAULT_PAGE_SIZE, first_page
from ims.core.parsers import JSONParser
from ims.core.permissions import IsAdmin, IsAuthenticated, IsCandidate
from ims.core.prepared import PreparedCount, PreparedRead
from ims.interviews import selectors as interview_selectors
from ims.jobs import selectors, services
from ims.jobs.api import filters
from ims.jobs.api.serializers import (
    ApplicationCreateJSONSerializer,
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationSelectSerializer,
    ApplicationSerializer,
    ApplicationStatusChangeSerializer,
    ApplicationWithdrawSerializer,
    JobApplicationCountsSerializer,
    JobSerializer,
    MyApplicationSerializer,
    OpenJobSerializer,
)
from ims.jobs.models import APPLICATION_ORDERING, JOB_ORDERING, Application
from ims.jobs.resumes import EXTENSIONS, resume_download
from ims.privacy.audit import audit_record
from ims.privacy.models import AuditAction

CONFLICT = "Conflicts with the current state (see `detail`, `code` and, for the pipeline, `allowed`)."

RESUME_MEDIA_TYPES = tuple(EXTENSIONS)  # PDF, DOC, DOCX


class IsAdminOrCandidate(IsAdmin):
    roles = ("admin", "candidate")
    message = "Only admins and candidates can do this."


# What every list of jobs filters, searches and orders by. (Comments, not docstrings: a view's docstring
# would become its operation's description in the schema.)
class _JobListing:
    filterset_class = filters.JobFilter
    search_fields = ["title", "description", "department", "location"]
    ordering_fields = ["created_at", "title", "openings"]
    ordering = list(JOB_ORDERING)


class _ApplicationOrdering:
    ordering_fields = ["applied_at", "updated_at"]
    ordering = list(APPLICATION_ORDERING)


# One job's or one candidate's applications: filtered by status, nothing to search.
class _PreparedDefaultPage:
    """A list whose default page (no filter, order or page asked for) is ``default_page()``: rows read from
    statements compiled once per connection, with their count known; the parity tests compare it with the generic
    path's (``?page=1``)."""

    def list(self, request, *args, **kwargs):
        if request.query_params:
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        rows = self.default_page()
        return self.get_paginated_response(self.get_serializer(self.paginate_queryset(rows), many=True).data)  # type: ignore[attr-defined]


class _ApplicationsOfOne(_ApplicationOrdering):
    filterset_class = filters.JobApplicationFilter
    search_fields: list[str] = []


# --- Jobs ----------------------------------------------------------------------------------------


@list_schema("List jobs with their application counts", JobSerializer, error_responses(400, 401, 403))
class JobListCreateView(_JobListing, generics.ListCreateAPIView):
    permission_classes = [IsAdmin]
    serializer_class = JobSerializer

    def get_queryset(self):
        return selectors.jobs_list()

    @extend_schema(
        summary="Create a job",
        request=JobSerializer,
        responses={201: JobSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request, *args, **kwargs):
        data = validated(JobSerializer, request)
        job = services.job_create(created_by=request.user, **data)
        job = selectors.access_job(user=request.user, pk=job.pk)  # read back with its application_count
        return Response(JobSerializer(job).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    **put_and_patch(
        put="Replace a job (closing it records closed_at; a full job cannot be reopened)",
        patch="Change a job (closing it records closed_at; a full job cannot be reopened)",
        request=JobSerializer,
        responses={200: JobSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)},
    )
)
class JobDetailView(generics.GenericAPIView):
    permission_classes = [IsAdmin]
    serializer_class = JobSerializer

    @extend_schema(summary="A job", responses={200: JobSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(self.get_serializer(selectors.access_job(user=request.user, pk=pk)).data)

    def _update(self, request, pk: int, *, partial: bool) -> Response:
        job = selectors.access_job(user=request.user, pk=pk)
        serializer = JobSerializer(job, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.job_update(job=job, **serializer.validated_data)
        return Response(JobSerializer(selectors.access_job(user=request.user, pk=pk)).data)

    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    @extend_schema(
        summary="Delete a job nobody applied to (otherwise 409: close it instead)",
        responses={204: None, **error_responses(401, 403, 404, 409, e409=CONFLICT)},
    )
    def delete(self, request, pk: int):
        services.job_delete(job=selectors.access_job(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@list_schema("Open jobs (anyone signed in)", OpenJobSerializer, error_responses(400, 401))
class OpenJobListView(_PreparedDefaultPage, _JobListing, generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OpenJobSerializer

    def get_queryset(self):
        return selectors.jobs_open()

    def default_page(self):
        return first_page(_open_jobs, _open_jobs_count)


# The default page of the open jobs from statements compiled once per connection (ims/core/prepared.py); the parity
# tests compare it with the generic path's (``?page=1``).
_open_jobs = PreparedRead(lambda: selectors.jobs_open().order_by(*JOB_ORDERING)[:DEFAULT_PAGE_SIZE], kinds=())
_open_jobs_count = PreparedCount(selectors.jobs_open, kinds=())


@list_schema(
    "Every job with its application count and a count per status (one aggregate query)",
    JobApplicationCountsSerializer,
    error_responses(400, 401, 403),
)
class JobApplicationCountsView(generics.ListAPIView):
    permission_classes = [IsAdmin]
    serializer_class = JobApplicationCountsSerializer
    filterset_class = filters.JobCountsFilter
    search_fields: list[str] = []
    ordering_fields = ["created_at", "title"]
    ordering = list(JOB_ORDERING)

    def get_queryset(self):
        return selectors.jobs_with_application_counts()


@list_schema("A job's applications, `?status=`", ApplicationSerializer, error_responses(400, 401, 403, 404))
class JobApplicationListView(_ApplicationsOfOne, generics.ListAPIView):
    permission_classes = [IsAdmin]
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        job = selectors.access_job(user=self.request.user, pk=self.kwargs["pk"])
        return selectors.applications_of_job(job=job)


# --- Applications --------------------------------------------------------------------------------


@list_schema(
    "All applications (admins): `?status=`, `?job=`, `?candidate=`, `?ordering=applied_at`",
    ApplicationSerializer,
    error_responses(400, 401, 403),
)
class ApplicationListCreateView(_ApplicationOrdering, generics.ListCreateAPIView):
    serializer_class = ApplicationSerializer
    parser_classes = [JSONParser, MultiPartParser]  # apply as JSON, or multipart with a resume file
    filterset_class = filters.ApplicationFilter
    search_fields = ["candidate__email", "candidate__first_name", "candidate__last_name", "job__title"]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsCandidate()]
        return [IsAdmin()]

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user)

    @extend_schema(
        summary="Apply to an open job (candidates), as JSON or multipart with a `resume`",
        operation_id="applications_apply",
        request={
            "application/json": ApplicationCreateJSONSerializer,
            "multipart/form-data": ApplicationCreateSerializer,
        },
        responses={201: ApplicationDetailSerializer, **error_responses(400, 401, 403, 409, e409=CONFLICT)},
    )
    def post(self, request, *args, **kwargs):
        data = validated(ApplicationCreateSerializer, request)
        application = services.application_create(
            candidate=request.user,
            job=data["job"],
            cover_letter=data.get("cover_letter", ""),
            resume=data.get("resume"),
        )
        # Not read back: the new row, its job (loaded by the serializer), the candidate (the requester) and
        # its one event are all in hand, and are what the read would return.
        detail = ApplicationDetailSerializer(application, context={"request": request}).data
        return Response(detail, status=status.HTTP_201_CREATED)


# What every move of an application (status change, select, withdraw) answers: the application as it now is.
MOVED = {200: ApplicationDetailSerializer, **error_responses(400, 401, 403, 404, 409, e409=CONFLICT)}


def _detail(request, pk: int) -> dict:
    application = selectors.application_with_events(selectors.access_application(user=request.user, pk=pk))
    return ApplicationDetailSerializer(application, context={"request": request}).data


def _move_with_note(request, pk: int, body: type[serializers.Serializer], move: Callable[..., object]) -> Response:
    """A move whose body is only a note (select, withdraw): the application the user may see, moved by ``move``."""
    application = selectors.access_application(user=request.user, pk=pk)
    data = validated(body, request)
    move(application=application, actor=request.user, note=data["note"])
    return Response(_detail(request, pk))


class ApplicationDetailView(APIView):
    def get_permissions(self):
        if self.request.method in ("GET", "HEAD"):  # HEAD is GET without the body: the same readers
            return [IsAdminOrCandidate()]
        return [IsAdmin()]

    @extend_schema(
        summary="An application with its events in order (admins; the candidate who applied)",
        responses={200: ApplicationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk: int):
        data = _detail(request, pk)
        if request.user.is_admin:
            # Staff opening a candidate's page is an access to their personal data (the candidate's own is not).
            audit_record(
                action=AuditAction.CANDIDATE_VIEW,
                actor=request.user,
                object_type="jobs.application",
                object_id=pk,
                candidate=data["candidate"]["id"],
                request=request,
            )
        return Response(data)

    def _change_status(self, request, pk: int) -> Response:
        application = selectors.access_application(user=request.user, pk=pk)
        data = validated(ApplicationStatusChangeSerializer, request)
        # ``selected`` too: application_transition hands it to application_select (the openings guard).
        services.application_transition(
            application=application,
            to_status=data["status"],
            actor=request.user,
            reason=data["reason"],
            note=data["note"],
        )
        return Response(_detail(request, pk))

    @extend_schema(
        summary="Move the application along the pipeline: `{status, reason?, note?}` (admins)",
        request=ApplicationStatusChangeSerializer,
        responses=MOVED,
    )
    def put(self, request, pk: int):
        return self._change_status(request, pk)

    @extend_schema(
        summary="Move the application along the pipeline: `{status, reason?, note?}` (admins)",
        # Same body as PUT: `status` is required (a move without a target status means nothing).
        request=whole_body("ApplicationStatusChangeRequest"),
        responses=MOVED,
    )
    def patch(self, request, pk: int):
        return self._change_status(request, pk)

    @extend_schema(
        summary="Delete an application that has no interviews (admins; otherwise 409: reject it)",
        responses={204: None, **error_responses(401, 403, 404, 409, e409=CONFLICT)},
    )
    def delete(self, request, pk: int):
        services.application_delete(application=selectors.access_application(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApplicationSelectView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        summary="Select this candidate (admins); the job closes when its openings are filled",
        request=ApplicationSelectSerializer,
        responses=MOVED,
    )
    def put(self, request, pk: int):
        return _move_with_note(request, pk, ApplicationSelectSerializer, services.application_select)

    @extend_schema(
        summary="Select this candidate (same as PUT)",
        operation_id="applications_select",
        request=ApplicationSelectSerializer,
        responses=MOVED,
    )
    def post(self, request, pk: int):
        return self.put(request, pk)


class ApplicationWithdrawView(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(
        summary="Withdraw your application; its scheduled interviews are cancelled",
        operation_id="applications_withdraw",
        request=ApplicationWithdrawSerializer,
        responses=MOVED,
    )
    def post(self, request, pk: int):
        return _move_with_note(request, pk, ApplicationWithdrawSerializer, services.application_withdraw)


class ApplicationResumeView(APIView):
    # Every role: access_application decides (admins any, the candidate their own, an interviewer one they
    # interview); anyone else gets the same 404 as for an application that does not exist.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Download the resume (admins; the candidate who applied; an interviewer who interviews them)",
        operation_id="applications_resume_download",
        responses={
            **binary_response(*RESUME_MEDIA_TYPES, description="The resume file, as uploaded."),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request, pk: int):
        application = selectors.access_application(user=request.user, pk=pk)
        return resume_download(application=application, request=request)


@list_schema(
    "Your applications with job, status and upcoming interviews (candidates)",
    MyApplicationSerializer,
    error_responses(400, 401, 403),
)
class MyApplicationListView(_PreparedDefaultPage, _ApplicationsOfOne, generics.ListAPIView):
    permission_classes = [IsCandidate]
    serializer_class = MyApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return interview_selectors.applications_of_candidate(candidate=self.request.user)

    def default_page(self):
        return interview_selectors.applications_of_candidate_first_page(candidate=self.request.user)
