"""Demo data orchestration. Each app may provide <app>/demo.py with `seed(ctx)`; seed_demo runs
them in dependency order inside one transaction. Every app's seed must be idempotent: running
seed_demo twice changes nothing."""

import random
from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction
from django.test.utils import override_settings

DEMO_APPS = (
    "members",
    "members.briefing",
    "proposals",
    "proposals.quickreports",
    "consultations",
    "consultations.meetings",
    "consultations.participation",
    "members.bodies",
    "reports",
)
DEMO_PASSWORD = "Cppcc@2020demo"


@dataclass
class DemoContext:
    stdout: object
    seed: int = 2020
    rng: random.Random = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, home)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def say(self, text: str) -> None:
        self.stdout.write(text)

    def rng_for(self, app: str) -> random.Random:
        """A separate deterministic stream per app, so one app's data does not shift another's."""
        return random.Random(f"{self.seed}-{app}")


def seed_all(stdout) -> DemoContext:
    ctx = DemoContext(stdout=stdout)
    # The demo's notices go to the inbox only: no email to the made-up addresses of demo users.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.seed(ctx)
    return ctx
