from django.core.management.base import BaseCommand

from cppcc.demo import DEMO_PASSWORD, seed_all


class Command(BaseCommand):
    help = "载入演示数据(义乌市政协样例);重复运行不会改变已有数据。"

    def handle(self, *args, **options):
        ctx = seed_all(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号(密码均为 {DEMO_PASSWORD}):"))
        for label, username, home in ctx.logins:
            self.stdout.write(f"  {label:<8} {username:<12} {home}")
