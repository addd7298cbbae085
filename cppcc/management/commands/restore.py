from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cppcc.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 backup 命令生成的目录恢复数据库和上传文件(会覆盖当前数据)。"

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="备份目录")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args, source, yes=False, **options):
        if not yes:
            raise CommandError("恢复会覆盖当前数据库和上传文件;确认无误后加 --yes 再运行。")
        try:
            files = restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for path in files:
            self.stdout.write(f"已恢复 {path}")
