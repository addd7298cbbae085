"""warm_suggestions: build the suggestion indexes into the data cache and compute the suggestions of
every proposal awaiting review, so the batch review page answers from the cache (run after an
import, after a deploy, or from cron; the page computes what is missing itself)."""

import time

from django.core.management.base import BaseCommand

from proposals import selectors, suggest

CHUNK = 50


class Command(BaseCommand):
    help = "预先计算批量审查交办页的智能建议(历史索引与待审查提案的建议写入缓存)。"

    def handle(self, *args, **options):
        started = time.monotonic()
        pending = list(selectors.review_queue())
        for start in range(0, len(pending), CHUNK):
            suggest.suggestions_for(pending[start : start + CHUNK])
        self.stdout.write(
            f"已计算 {len(pending)} 件待审查提案的建议,用时 {time.monotonic() - started:.1f} 秒。"
        )
