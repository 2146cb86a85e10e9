"""The schema is one a client generator can use as it is: each operation's real request media types, binary
downloads described as files, stable operation ids that read well, a summary everywhere, enums that say what
their values mean, and no generation warning."""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

# Generated clients name their functions after these: renaming one breaks every integrator's code.
OPERATION_IDS = {
    "application_rounds_cancel", "application_rounds_feedback_retrieve", "application_rounds_feedback_submit",
    "application_rounds_partial_update", "application_rounds_retrieve", "application_rounds_update",
    "applications_apply", "applications_destroy", "applications_list", "applications_me_list",
    "applications_partial_update", "applications_resume_download", "applications_retrieve",
    "applications_rounds_list", "applications_rounds_schedule", "applications_select", "applications_select_update",
    "applications_update", "applications_withdraw", "auth_logout", "auth_password_change", "auth_token_obtain",
    "auth_token_refresh", "feedback_me_list", "health_live", "health_ready", "interview_rounds_create",
    "interview_rounds_destroy", "interview_rounds_list", "interview_rounds_partial_update",
    "interview_rounds_retrieve", "interview_rounds_update", "interviews_me_list", "interviews_upcoming_list",
    "jobs_application_counts_list", "jobs_applications_list", "jobs_create", "jobs_destroy", "jobs_list",
    "jobs_open_list", "jobs_partial_update", "jobs_retrieve", "jobs_update", "notifications_list",
    "notifications_retrieve", "users_deactivate", "users_list", "users_me_partial_update", "users_me_retrieve",
    "users_me_update", "users_partial_update", "users_register", "users_retrieve", "users_update",
    "reports_funnel", "reports_time_to_hire", "reports_time_in_stage", "reports_interviewer_load",
    "reports_feedback_turnaround", "reports_rejection_reasons", "reports_applications_over_time",
    "audit_list", "users_me_export", "users_export", "users_me_erase", "users_erase",
    "application_rounds_feedback_edit", "application_rounds_feedback_draft_retrieve",
    "application_rounds_feedback_draft_save", "application_rounds_feedback_draft_discard",
    "application_rounds_feedback_versions_list",
}  # fmt: skip
UPLOADS = {("post", "/api/applications/")}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_request_bodies_are_json_and_multipart_only_where_a_file_is_uploaded(schema):
    for method, path, operation in _operations(schema):
        if "requestBody" not in operation:
            continue
        media_types = set(operation["requestBody"]["content"])
        expected = {"application/json", "multipart/form-data"} if (method, path) in UPLOADS else {"application/json"}
        assert media_types == expected, (method, path, media_types)


def test_the_apply_bodies_are_a_json_one_without_the_file_and_a_multipart_one_with_it(schema):
    content = schema["paths"]["/api/applications/"]["post"]["requestBody"]["content"]
    components = schema["components"]["schemas"]
    as_json = components[content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    as_multipart = components[content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert set(as_json["properties"]) == {"job", "cover_letter"}
    assert as_multipart["properties"]["resume"] == {**as_multipart["properties"]["resume"], "format": "binary"}


def test_the_resume_download_is_described_as_a_file_under_each_media_type(schema):
    content = schema["paths"]["/api/applications/{id}/resume/"]["get"]["responses"]["200"]["content"]
    assert set(content) == {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/octet-stream",
    }
    assert all(media["schema"] == {"type": "string", "format": "binary"} for media in content.values())


def test_every_operation_has_a_stable_readable_id_and_a_summary(schema):
    ids = [operation["operationId"] for _m, _p, operation in _operations(schema)]
    assert len(ids) == len(set(ids))
    assert set(ids) == OPERATION_IDS
    missing = [(method, path) for method, path, operation in _operations(schema) if not operation.get("summary")]
    assert not missing


def test_every_enum_says_what_each_value_means(schema):
    enums = {name: component for name, component in schema["components"]["schemas"].items() if "enum" in component}
    assert {"ApplicationStatusEnum", "RoleEnum", "RecommendationEnum", "RejectionReasonEnum"} <= set(enums)
    for name, component in enums.items():
        for value in component["enum"]:
            if value not in ("", None):
                assert f"`{value}` - " in component.get("description", ""), (name, value)


def test_the_schema_generates_without_warnings_and_validates(tmp_path, db):
    call_command("spectacular", "--file", str(tmp_path / "schema.yaml"), "--validate", "--fail-on-warn")
