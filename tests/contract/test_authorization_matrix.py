"""Authorisation matrix, generated from the URL conf: every object endpoint (a URL with a `pk`) x every role x
every method the server answers there (HEAD and OPTIONS included), on an object that belongs to someone else ->
401/403/404 (200 for OPTIONS, which describes the URL and reads no object) and none of that object's data in the
body. Then every URL under /api/ x every role x every method: never a
5xx, always a JSON error, and a method the view does not have is a 405 naming the allowed ones in `Allow`.

The world has two sides (tests/contract/world.py): side A's candidate and interviewer are sent side
B's objects, and the other way round. Admins own everything by design and are not strangers anywhere.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.contract.urlconf import ALL_METHODS, api_routes, walk
from tests.contract.world import Side, World, build_world

WRITE_BODY = {
    # One body for every write: valid enough that a view which validated before authorising would answer 200/201
    # or a telling 400 (the test would see it), never a 403/404 by accident.
    "status": "rejected",
    "reason": "other",
    "note": "hostile",
    "title": "Hacked",
    "description": "Hacked",
    "department": "Hacked",
    "name": "Hacked",
    "email": "hacked@example.com",
    "role": "admin",
    "rating": 5,
    "comments": "Hacked",
    "recommendation": "strong_hire",
    "location": "Hacked",
    "duration": 30,
    "scheduled_at": "2031-01-01T10:00:00Z",
}


@dataclass(frozen=True)
class Owner:
    """How to find a side's object for an endpoint, and which strings of it must never leak."""

    obj: Callable[[Side, str], int]  # (side, role) -> pk of that side's object
    secrets: Callable[[Side], list[str]]
    # (method, role) pairs that may legitimately reach ANY such object (a shared catalogue, not owned data).
    shared: frozenset[tuple[str, str]] = frozenset()


def _application_secrets(side: Side) -> list[str]:
    return [side.candidate.email, side.application.cover_letter]


def _interview_secrets(side: Side) -> list[str]:
    return [side.candidate.email, side.interviewer.email, side.job.title]


def _tag(side: Side) -> str:
    return side.job.title.rsplit(" ", 1)[-1]


OWNERS: dict[str, Owner] = {
    "user-detail": Owner(lambda side, role: side.candidate.pk, lambda side: [side.candidate.email]),
    "user-export": Owner(lambda side, role: side.candidate.pk, _application_secrets),
    "user-erase": Owner(lambda side, role: side.candidate.pk, lambda side: [side.candidate.email]),
    "job-detail": Owner(lambda side, role: side.job.pk, lambda side: [side.job.title]),
    "job-applications": Owner(lambda side, role: side.job.pk, _application_secrets),
    "application-detail": Owner(lambda side, role: side.application.pk, _application_secrets),
    "application-select": Owner(lambda side, role: side.application.pk, _application_secrets),
    "application-withdraw": Owner(lambda side, role: side.application.pk, _application_secrets),
    "application-resume": Owner(lambda side, role: side.application.pk, lambda side: ["%PDF", "resume-"]),
    "application-rounds": Owner(lambda side, role: side.application.pk, _interview_secrets),
    "application-round-detail": Owner(lambda side, role: side.interview.pk, _interview_secrets),
    "application-round-feedback": Owner(
        lambda side, role: side.done_interview.pk, lambda side: [side.feedback.comments, side.feedback.private_notes]
    ),
    "application-round-feedback-draft": Owner(
        lambda side, role: side.interview.pk,
        lambda side: [f"draft comments of {_tag(side)} (private)", f"draft notes of {_tag(side)}"],
    ),
    "application-round-feedback-versions": Owner(
        lambda side, role: side.done_interview.pk, lambda side: [side.feedback.comments, side.feedback.private_notes]
    ),
    "notification-detail": Owner(
        lambda side, role: side.notifications["interviewer" if "interviewer" in role else "candidate"].pk,
        lambda side: [n.body_text for n in side.notifications.values()] + [side.candidate.email],
    ),
    # Round types are a shared catalogue, not anybody's data: interviewers may read every one.
    "interview-round-detail": Owner(
        lambda side, role: side.done_interview.round_type_id,
        lambda side: [],
        shared=frozenset({(m, r) for m in ("GET", "HEAD") for r in ("interviewer", "other_interviewer")}),
    ),
}

STRANGERS = ("candidate", "other_candidate", "interviewer", "other_interviewer", "anonymous")


def object_endpoints() -> dict[str, tuple[str, type, list[str]]]:
    """name -> (regex, view class, methods) for every /api/ URL that takes a `pk`, with every method the server
    answers there (HEAD and OPTIONS included; the refused ones are swept below, for every URL)."""
    return {
        name: (route.regex, route.view_class, [m for m in ALL_METHODS if m in route.answered])
        for name, route in api_routes().items()
        if route.has_pk
    }


def test_every_object_endpoint_has_an_owner_mapping_in_the_matrix():
    discovered = set(object_endpoints())
    assert discovered, "no object endpoint discovered: the URL walk is broken"
    missing = discovered - set(OWNERS)
    assert not missing, f"new object endpoint(s) without an owner mapping in the authorisation matrix: {missing}"
    assert not set(OWNERS) - discovered, "the matrix maps endpoints that no longer exist"


def _url(regex: str, pk: int) -> str:
    path = regex.replace("^", "").replace("/?$", "/").replace("$", "")
    return "/" + path.replace("(?P<pk>[0-9]+)", str(pk))


def _send(client, method: str, url: str):
    if method in ("POST", "PUT", "PATCH"):
        return getattr(client, method.lower())(url, WRITE_BODY, format="json")
    return client.generic(method, url)


def _stranger(world: World, role: str) -> tuple[object, Side]:
    """The user playing `role` and the OTHER side, whose objects they must not reach."""
    mapping = {
        "candidate": (world.a.candidate, world.b),
        "interviewer": (world.a.interviewer, world.b),
        "other_candidate": (world.b.candidate, world.a),
        "other_interviewer": (world.b.interviewer, world.a),
        "anonymous": (None, world.b),
    }
    return mapping[role]


@pytest.fixture
def world(db):
    return build_world()


MATRIX = [
    (name, method, role)
    for name, (_regex, _view, methods) in sorted(object_endpoints().items())
    for method in methods
    for role in STRANGERS
]


@pytest.mark.parametrize(("name", "method", "role"), MATRIX, ids=[f"{m} {n} as {r}" for n, m, r in MATRIX])
def test_nobody_reaches_another_persons_object(world, client_for, anon_client, name, method, role):
    regex, _view, _methods = object_endpoints()[name]
    owner = OWNERS[name]
    user, foreign = _stranger(world, role)
    client = client_for(user) if user else anon_client
    url = _url(regex, owner.obj(foreign, role))
    response = _send(client, method, url)

    if (method, role) in owner.shared or method == "OPTIONS":
        assert response.status_code == 200, response.content
        return
    expected = {401} if role == "anonymous" else {403, 404}
    assert response.status_code in expected, (url, response.status_code, response.content[:300])
    content = b"".join(response.streaming_content) if response.streaming else response.content
    for secret in owner.secrets(foreign):
        assert secret.encode() not in content, f"{method} {url} as {role} leaked {secret!r}"


def test_every_api_url_with_a_path_parameter_is_in_the_matrix():
    """The URL conf walked again on its own terms (any path parameter, the methods the view itself says it
    allows), so a URL whose id is not called `pk`, or a method `object_endpoints` overlooks, cannot slip out of
    the matrix unnoticed."""
    expected = set()
    for route, pattern in walk(get_resolver().url_patterns):
        if not route.startswith("api/") or not pattern.pattern.regex.groupindex:
            continue
        methods = set(pattern.callback.view_class().allowed_methods) - {"OPTIONS", "HEAD"}
        expected |= {(pattern.name, method, role) for method in methods for role in STRANGERS}
    assert expected, "no /api/ URL with a path parameter found: the URL walk is broken"
    missing = sorted(expected - set(MATRIX))
    assert not missing, f"/api/ URL(s) x method x role missing from the authorisation matrix: {missing}"
    print(f"\nauthorisation matrix: {len(MATRIX)} cases")


SWEEP_ROLES = ("admin", "interviewer", "candidate", "other_candidate", "anonymous")


def _sweep_url(world: World, name: str) -> str:
    route = api_routes()[name]
    return route.url(OWNERS[name].obj(world.a, "candidate")) if route.has_pk else route.url()


@pytest.mark.parametrize("name", sorted(api_routes()))
def test_every_method_on_every_url_is_answered_without_a_5xx_and_in_json(world, client_for, anon_client, name):
    route = api_routes()[name]
    url = _sweep_url(world, name)
    users = world.users()
    for role in SWEEP_ROLES:
        client = client_for(users[role]) if role != "anonymous" else anon_client
        for method in ALL_METHODS:
            with transaction.atomic():  # a DELETE or POST here must not change what the next request sees
                response = _send(client, method, url)
                transaction.set_rollback(True)
            where = (method, url, role, response.status_code)
            assert response.status_code < 500, (*where, response.content[:300])
            if method in route.refused:
                assert response.status_code in (401, 403, 405), where
            else:
                assert response.status_code != 405, where
            if response.status_code == 405:
                allowed = {m.strip() for m in response["Allow"].split(",")}
                assert allowed == route.answered, (*where, response["Allow"])
            if response.status_code >= 400 and method != "HEAD":
                assert response["Content-Type"] == "application/json", where
                assert {"detail", "code"} <= set(response.json()), where
            if response.streaming:  # read to the end, which closes a file download (close() would end the test's
                b"".join(response.streaming_content)  # database connection: it sends request_finished)


def test_an_undocumented_method_on_a_list_is_a_json_405_naming_the_allowed_ones(admin_client):
    response = admin_client.patch("/api/jobs/", {"title": "x"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "POST", "HEAD", "OPTIONS"}
