"""The apps' import layers, checked like an import-linter contract: by reading the source, importing nothing.

Interviews build on jobs (an interview belongs to an application), so the jobs app knows nothing of the
interviews app: it announces its events with domain signals (ims/jobs/signals.py) and the interviews app
reacts (ims/interviews/receivers.py). Only the top layer of an app, its API views and pages, may compose the
selectors of several apps. And no import hides inside a function to dodge a cycle.
"""

import ast
from pathlib import Path

import ims

IMS = Path(ims.__file__).resolve().parent
TOP_LAYER = {"api", "pages"}
NOT_CODE = {"tests", "migrations"}


def _modules(app: str) -> dict[str, Path]:
    """``{"ims.jobs.services": path, ...}``: the app's code, its tests and migrations left out."""
    found = {}
    for path in sorted((IMS / app).rglob("*.py")):
        parts = path.relative_to(IMS.parent).with_suffix("").parts
        if NOT_CODE & set(parts):
            continue
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(module: str, path: Path) -> list[tuple[str, bool]]:
    """``(imported module, inside a function?)`` for every import statement of the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                found.extend((f"{base}.{alias.name}", in_function) for alias in child.names)
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(ast.parse(path.read_text(), filename=str(path)), False)
    return found


def _of_app(imported: str, app: str) -> bool:
    return imported == f"ims.{app}" or imported.startswith(f"ims.{app}.")


def test_the_check_reads_the_imports_it_is_about():
    interviews_services = _imports("ims.interviews.services", _modules("interviews")["ims.interviews.services"])

    assert ("ims.jobs.services.application_transition", False) in interviews_services
    assert "ims.jobs.services" in _modules("jobs")


def test_the_jobs_app_below_its_views_never_imports_the_interviews_app():
    offending = [
        f"{module} imports {imported}"
        for module, path in _modules("jobs").items()
        if not TOP_LAYER & set(module.split("."))
        for imported, _in_function in _imports(module, path)
        if _of_app(imported, "interviews")
    ]

    assert offending == []


def test_jobs_and_interviews_never_import_each_other_inside_a_function():
    offending = [
        f"{module} imports {imported} inside a function"
        for app, other in (("jobs", "interviews"), ("interviews", "jobs"))
        for module, path in _modules(app).items()
        for imported, in_function in _imports(module, path)
        if in_function and _of_app(imported, other)
    ]

    assert offending == []
