"""suggest_eval YEAR: train the suggestions on the years before YEAR, predict YEAR, print accuracy."""

from django.core.management.base import BaseCommand, CommandError

from proposals.suggest import evaluate


class Command(BaseCommand):
    help = "评估主办单位建议:用 YEAR 以前的提案训练,预测 YEAR 年的主办单位,输出 top-1 / top-3 准确率。"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year: int, **options):
        if not 1949 <= year <= 2100:
            raise CommandError("年度不正确。")
        for line in evaluate(year).lines():
            self.stdout.write(line)
