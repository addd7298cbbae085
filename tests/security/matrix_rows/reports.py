"""Permission-matrix rows of reports/ added after the big table (see tests/security/matrix.py)."""

from tests.security.matrix import Row

# fmt: off
ROWS: list[Row] = [
    Row("reports:figure_rows", "302 403 403 403 403 200 200", args=lambda w: ["activities.research_reports"],
        query="?year=2020"),
]
# fmt: on
