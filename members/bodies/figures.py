"""The bodies' figures in the registry of reports/figures.py (collected from every app's figures.py).

Only the registry imports this module; everything else reads figure_queries, so the registry never
sees this module half-initialised."""

from django.urls import reverse
from django.utils.http import urlencode

from reports.figures import Figure, count

from .figure_queries import DEFINITIONS, GROUP


def _link(code: str):
    def build(year: int) -> str:
        return reverse("bodies:figure_rows") + "?" + urlencode({"code": code, "year": year})

    return build


SOURCES = {"body_stats": ("members.bodies.figure_queries", "body_stats")}
FIGURES = [
    Figure(code, label, unit, description, count("body_stats", code.split(".", 1)[1]), _link(code), GROUP)
    for code, (label, unit, description, _qs) in DEFINITIONS.items()
]
