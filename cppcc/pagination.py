"""CappedPaginator: a page of a list whose exact count is not worth its price.

A keyword search may match tens of thousands of rows; counting them all costs more than the page.
This paginator counts at most `cap` rows (settings.PAGINATION_COUNT_CAP, 1,000 by default) and
says "1,000+" beyond; pages past the cap are not offered (narrow the search instead).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap if cap is not None else getattr(settings, "PAGINATION_COUNT_CAP", 1000)

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        # one `SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)`, unordered: it stops at cap + 1 rows
        rows = self.object_list
        if hasattr(rows, "query"):
            found = rows.order_by().values("pk")[: self.cap + 1].count()
        else:
            found = len(rows[: self.cap + 1])
        return min(found, self.cap), found > self.cap

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def is_capped(self) -> bool:
        return self._capped[1]

    @property
    def count_label(self) -> str:
        """What the page says for the count: "1,000+" when capped, else the exact number."""
        return f"{self.count:,}+" if self.is_capped else str(self.count)
