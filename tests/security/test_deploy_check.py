"""`manage.py check --deploy` with production settings reports no security warning and no error.

Settings are computed at import, so the check runs in a child process with a production environment.
drf-spectacular reports schema problems through the same check framework (drf_spectacular.W001); those are
about documentation, not deployment safety, and are covered by the schema tests, so only they are tolerated
here.
"""

import re

from tests.security.helpers import run_in_production

ISSUE = re.compile(r"^\S*: \((?P<id>[\w.]+)\) ", re.MULTILINE)


def deploy_check(tmp_path, **env):
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "CRITICAL"], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return [match["id"] for match in ISSUE.finditer(result.stdout + result.stderr)], result


def test_the_deploy_check_is_clean_with_production_settings(tmp_path):
    ids, result = deploy_check(tmp_path)
    problems = [issue for issue in ids if not issue.startswith("drf_spectacular.")]
    assert problems == [], result.stdout + result.stderr


def test_the_deploy_check_does_notice_an_insecure_production_setting(tmp_path):
    # Proves the parsing above can fail: turning HSTS off must show up as security.W004.
    ids, result = deploy_check(tmp_path, SECURE_HSTS_SECONDS="0")
    assert "security.W004" in ids, result.stdout + result.stderr
