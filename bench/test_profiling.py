"""The profile summary (bench/profiling.py) reads py-spy's raw format and counts self, inclusive and group shares."""

import profiling

SITE = "/work/.venv/lib/python3.11/site-packages"
STD = "/root/.pyenv/versions/3.11.7/lib/python3.11"
RAW = f"""\
run (/work/wt/x/ims/core/view.py:10);render ({SITE}/rest_framework/renderers.py:90);dumps ({STD}/json/__init__.py:183) 6
run (/work/wt/x/ims/core/view.py:10);authenticate ({SITE}/rest_framework_simplejwt/authentication.py:30) 3
run (/work/wt/x/ims/core/view.py:10);run (/work/wt/x/ims/core/view.py:10);execute ({SITE}/psycopg/cursor.py:700) 1

not a stack line
"""


def test_raw_lines_parse_into_stacks_with_their_sample_counts():
    stacks = profiling.parse_raw(RAW)
    assert sum(stacks.values()) == 10
    stack = next(s for s, n in stacks.items() if n == 6)
    assert [f.function for f in stack] == ["run", "render", "dumps"]
    assert stack[-1] == profiling.Frame("dumps", f"{STD}/json/__init__.py", 183)
    assert profiling.parse_frame("<module> (gunicorn)") == profiling.Frame("<module>", "gunicorn", None)


def test_self_inclusive_and_group_shares():
    summary = profiling.summarize(profiling.parse_raw(RAW))
    assert summary["samples"] == 10
    top_self = summary["self"][0]
    assert (top_self["function"], top_self["where"], top_self["group"]) == ("dumps", "json/__init__.py:183", "stdlib")
    assert top_self["share"] == 0.6
    # A recursive frame counts once per sample.
    run = next(r for r in summary["inclusive"] if r["function"] == "run")
    assert (run["samples"], run["where"], run["group"]) == (10, "ims/core/view.py:10", "IMS (ims/)")
    groups = {g["group"]: g for g in summary["groups"]}
    # json.dumps under DRF's renderer is the standard library by self, DRF's by attribution.
    assert groups["stdlib"]["self"] == 0.6
    assert "stdlib" not in {g for g, row in groups.items() if row["attributed"]}
    assert groups["DRF"]["attributed"] == 0.6
    assert groups["simplejwt"]["attributed"] == 0.3  # not DRF: simplejwt's path contains "rest_framework"
    assert groups["psycopg"]["attributed"] == 0.1
    assert groups["IMS (ims/)"]["inclusive"] == 1.0
    assert summary["groups"][0]["group"] == "DRF"


def test_markdown_gives_thread_milliseconds_per_request():
    summary = profiling.summarize(profiling.parse_raw(RAW))
    text = profiling.render_markdown(summary, title="Profile: x", rate=100, requests=50, notes=["note"])
    # 6 samples at 100/s over 50 requests: 1.2 ms of a busy thread per request.
    assert "| DRF | 0.0% | 60.0% | 1.200 | 60.0% |" in text
    assert "| 1 | `dumps` | `json/__init__.py:183` | stdlib | 60.0% | 1.200 |" in text


def test_request_phases_count_samples_with_the_phase_on_the_stack():
    handle = f"handle ({SITE}/gunicorn/workers/gthread.py:500)"
    django = f"WSGIHandler.__call__ ({SITE}/django/core/handlers/wsgi.py:120)"
    drf = f"APIView.dispatch ({SITE}/rest_framework/views.py:490)"
    throttle = f"APIView.check_throttles ({SITE}/rest_framework/views.py:357)"
    raw = f"{handle};{django};{drf};{throttle} 2\n{handle};{django} 1\nrun ({SITE}/gunicorn/workers/gthread.py:400) 1\n"
    phases = {p["phase"]: p for p in profiling.summarize(profiling.parse_raw(raw))["phases"]}
    assert phases["gunicorn, outside the Django request"]["share"] == 0.25
    assert phases["Django request (`WSGIHandler.__call__`)"]["share"] == 0.75
    assert phases["throttle (`APIView.check_throttles`)"]["samples"] == 2
    assert phases["throttle (`APIView.check_throttles`)"]["depth"] == 3
    assert phases["logging (`Logger._log`)"]["samples"] == 0


def test_comparison_gives_share_changes_per_phase_and_group():
    before = profiling.summarize(profiling.parse_raw(RAW))
    after_raw = f"run (/work/wt/x/ims/core/view.py:10);execute ({SITE}/psycopg/cursor.py:700) 4\n"
    text = profiling.render_comparison(before, profiling.summarize(profiling.parse_raw(after_raw)))
    assert "| psycopg | 10.0% | 100.0% | +90.0 pt |" in text
    assert "| DRF | 60.0% | 0.0% | -60.0 pt |" in text
