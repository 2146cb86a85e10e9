"""Every URL of the URL conf with the view behind it and the HTTP methods it answers, for tests that must
cover all of them (the authorisation matrix, OPTIONS/HEAD, undocumented methods)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# What a client can send; TRACE too, since Django's View knows it (and must refuse it).
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")


@dataclass(frozen=True)
class Route:
    name: str
    regex: str
    view_class: type

    @property
    def has_pk(self) -> bool:
        return "(?P<pk>" in self.regex

    @property
    def handlers(self) -> list[str]:
        """The methods the view implements itself (what the schema documents)."""
        return [m for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if hasattr(self.view_class, m.lower())]

    @property
    def answered(self) -> set[str]:
        """Every method the server answers with something other than 405: HEAD wherever GET is (Django's
        View.setup), OPTIONS everywhere (View.options, DRF's metadata)."""
        methods = set(self.handlers) | {"OPTIONS"}
        if "GET" in methods:
            methods.add("HEAD")
        return methods

    @property
    def refused(self) -> list[str]:
        return [m for m in ALL_METHODS if m not in self.answered]

    def url(self, pk: int | str | None = None) -> str:
        path = self.regex.replace("^", "").replace("/?$", "/").replace("$", "")
        if self.has_pk:
            path = path.replace("(?P<pk>[0-9]+)", str(pk))
        return "/" + path


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def api_routes() -> dict[str, Route]:
    """name -> Route for every URL under /api/ (the schema and the docs included)."""
    found = {}
    for regex, pattern in walk(get_resolver().url_patterns):
        if not regex.lstrip("^").startswith("api/"):
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        assert view_class is not None, f"{regex}: a function view; give it a class so its methods are known"
        found[pattern.name] = Route(pattern.name, regex, view_class)
    return found
