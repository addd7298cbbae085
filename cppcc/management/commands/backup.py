from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cppcc.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个目录(默认 var/backups/<时间>)。"

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="备份目录")

    def handle(self, *args, output=None, **options):
        target = output or Path("var/backups") / timezone.localtime().strftime("%Y%m%d-%H%M%S")
        try:
            files = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for path in files:
            self.stdout.write(f"已写入 {path}")
