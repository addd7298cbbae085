"""reindex_search: rebuild the keyword index of every proposal (proposals/search.py)."""

import time

from django.core.management.base import BaseCommand

from proposals.search import BATCH_SIZE, reindex_all


class Command(BaseCommand):
    help = "重建提案关键词检索索引(案由、内容、答复的单字和双字词),分批写入。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options):
        start = time.perf_counter()
        say = self.stdout.write if options["verbosity"] > 1 else None
        count = reindex_all(batch_size=max(batch_size, 1), say=say)
        self.stdout.write(f"已重建 {count} 件提案的检索索引,用时 {time.perf_counter() - start:.1f} 秒。")
