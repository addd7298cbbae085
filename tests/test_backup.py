import pytest
from django.core.management import CommandError, call_command

from members.models import Sector

# Restoring drops and recreates tables, so the test runs outside a wrapping transaction; the
# serialized rollback puts the migrations' default rows back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_backup_then_restore_brings_back_database_and_media(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "proposals").mkdir(parents=True)
    (settings.MEDIA_ROOT / "proposals" / "答复函.pdf").write_bytes(b"%PDF-1.4 reply")
    Sector.objects.create(name="备份前的界别")

    call_command("backup", output=tmp_path / "bk")
    assert (tmp_path / "bk" / "database.dump").stat().st_size > 0
    assert (tmp_path / "bk" / "media.tar.gz").exists()

    Sector.objects.filter(name="备份前的界别").update(name="备份后改名")
    Sector.objects.create(name="备份后新增")
    (settings.MEDIA_ROOT / "proposals" / "答复函.pdf").unlink()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", tmp_path / "bk")
    call_command("restore", tmp_path / "bk", yes=True)

    assert Sector.objects.filter(name="备份前的界别").exists()
    assert not Sector.objects.filter(name__in=["备份后改名", "备份后新增"]).exists()
    assert (settings.MEDIA_ROOT / "proposals" / "答复函.pdf").read_bytes() == b"%PDF-1.4 reply"


def test_restore_from_missing_directory_says_so(tmp_path):
    with pytest.raises(CommandError, match="找不到数据库备份文件"):
        call_command("restore", tmp_path / "nothing", yes=True)
