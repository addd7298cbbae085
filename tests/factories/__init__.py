"""factory_boy factories for every model, one module per app (each owned with its app):
tests/factories/members.py, proposals.py, consultations.py, reports.py. Import from here."""

from importlib import import_module

from .members import *  # noqa: F403

for _module in ("proposals", "consultations", "reports", "bodies"):
    try:
        _mod = import_module(f"{__name__}.{_module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{_module}":
            raise
        continue
    globals().update({k: v for k, v in vars(_mod).items() if k.endswith("Factory")})
