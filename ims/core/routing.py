from django.urls import re_path


def route(pattern: str, view, name: str):
    """A URL that answers with and without its trailing slash (``pattern`` is a regex, no slashes at ends)."""
    return re_path(rf"^{pattern}/?$", view, name=name)


PK = r"(?P<pk>[0-9]+)"
