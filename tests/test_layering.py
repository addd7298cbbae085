"""cppcc/ sits below every app: it never imports members/ (or any app above it) at module level,
and the jobs mechanism works without members/ loaded (it finds the notice backend by name)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS_ABOVE = ("members", "proposals", "consultations", "reports")
CHECKED = ["cppcc/jobs.py", "cppcc/context_processors.py", "cppcc/urls.py", "cppcc/permissions.py"]


def _imports(path: Path, *, module_level_only: bool) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    names = []
    for node in nodes:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("relpath", CHECKED)
def test_cppcc_modules_do_not_import_the_apps(relpath):
    imported = _imports(ROOT / relpath, module_level_only=False)
    offending = [name for name in imported if name.split(".")[0] in APPS_ABOVE]
    assert offending == [], f"{relpath} imports {offending}"


def test_no_cppcc_module_imports_members_at_module_level():
    offending = {}
    for path in sorted((ROOT / "cppcc").rglob("*.py")):
        if "migrations" in path.parts or "settings" in path.parts:
            continue
        names = [n for n in _imports(path, module_level_only=True) if n.split(".")[0] in APPS_ABOVE]
        if names:
            offending[str(path.relative_to(ROOT))] = names
    assert offending == {}


SCRIPT = """
import sys
import django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "cppcc"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
    NOTICE_BACKEND="fake_backend",
)
django.setup()
import cppcc.jobs, cppcc.permissions, cppcc.context_processors
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("members", "proposals", "consultations", "reports"))
assert loaded == [], loaded

import types
calls = []
fake = types.ModuleType("fake_backend")
fake.notification_key = lambda **kw: f"{kw['recipient']}|{kw['kind']}|{kw['stage']}"
fake.existing_keys = lambda keys: {k for k in keys if k.startswith("old")}
fake.notice_row = lambda **kw: kw
fake.notify_many = lambda rows: calls.extend(rows) or rows
fake.staff_users = lambda: ["staff-1"]
fake.unit_users = lambda ids: []
sys.modules["fake_backend"] = fake
n = cppcc.jobs.Notice
sent = cppcc.jobs.deliver([n("old", "k", "t", stage="s"), n("new", "k", "t", stage="s"), n("new", "k", "t", stage="s")])
assert sent == 1 and [c["recipient"] for c in calls] == ["new"], (sent, calls)
assert cppcc.jobs.staff_users() == ["staff-1"]
assert not any(m.split(".")[0] == "members" for m in sys.modules)
print("ok")
"""


def test_jobs_mechanism_runs_without_members_loaded():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": ""},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"
