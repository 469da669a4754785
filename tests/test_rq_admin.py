"""rq-dashboard is guarded per app: importing TheSet leaves rq-dashboard's own blueprint alone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rq_dashboard

from theset.views.admin import require_admin

ROOT = Path(__file__).resolve().parents[1]
BLUEPRINT_HOOKS = """
import rq_dashboard

def hooks():
    bp = rq_dashboard.blueprint
    return (
        {k: list(v) for k, v in bp.before_request_funcs.items()},
        {k: list(v) for k, v in bp.after_request_funcs.items()},
        {k: dict(v) for k, v in bp.error_handler_spec.items()},
    )

before = hooks()
import theset.views.rq_admin
assert hooks() == before, (before, hooks())
"""


def test_importing_the_module_changes_nothing_in_rq_dashboard():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", BLUEPRINT_HOOKS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_app_guards_its_own_dashboard(make_app, backend):
    if not backend.is_postgres:
        pytest.skip("rq-dashboard needs RQ on Redis")
    apps = [make_app(THESET_JOBS="rq"), make_app(THESET_JOBS="rq")]
    for app in apps:
        assert app.before_request_funcs["rq_dashboard"].count(require_admin) == 1
        answer = app.test_client().get("/admin/rq/")
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith("/login?next=/admin/rq")
    assert require_admin not in rq_dashboard.blueprint.before_request_funcs.get(None, [])
