"""Back up and restore the database and uploaded media.

PostgreSQL is dumped with pg_dump's custom format and restored with pg_restore --clean; the
embedded SQLite file is copied with SQLite's online backup API. Media on local disk goes into a
tar.gz beside the dump (S3-compatible storage keeps its own versioning and is not copied)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

DB_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    pass


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    import os

    result = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败:{result.stderr.strip()[:500]}")


def _local_media_root() -> Path | None:
    backend = settings.STORAGES["default"]["BACKEND"]
    return Path(settings.MEDIA_ROOT) if backend.endswith("FileSystemStorage") else None


def backup(target: Path, alias: str = "default") -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    db = connections[alias].settings_dict
    written = []
    if connections[alias].vendor == "postgresql":
        args, env = _pg_args(db)
        out = target / DB_DUMP
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", *args, "-f", str(out), db["NAME"]], env)
        written.append(out)
    elif connections[alias].vendor == "sqlite":
        out = target / SQLITE_COPY
        connections[alias].ensure_connection()
        with sqlite3.connect(out) as dest:
            connections[alias].connection.backup(dest)
        written.append(out)
    else:
        raise BackupError(f"不支持的数据库:{connections[alias].vendor}")
    media = _local_media_root()
    if media is not None and media.exists():
        archive = target / MEDIA_ARCHIVE
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media, arcname="media")
        written.append(archive)
    return written


def restore(source: Path, alias: str = "default") -> list[Path]:
    db = connections[alias].settings_dict
    restored = []
    if connections[alias].vendor == "postgresql":
        dump = source / DB_DUMP
        if not dump.exists():
            raise BackupError(f"找不到数据库备份文件 {dump}")
        connections[alias].close()  # pg_restore drops tables this connection may hold locks on
        args, env = _pg_args(db)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                *args,
                "-d",
                db["NAME"],
                str(dump),
            ],
            env,
        )
        restored.append(dump)
    else:
        copy = source / SQLITE_COPY
        if not copy.exists():
            raise BackupError(f"找不到数据库备份文件 {copy}")
        connections[alias].ensure_connection()
        with sqlite3.connect(copy) as src:
            src.backup(connections[alias].connection)
        restored.append(copy)
    archive = source / MEDIA_ARCHIVE
    media = _local_media_root()
    if archive.exists() and media is not None:
        if media.exists():
            shutil.rmtree(media)
        media.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(media.parent, filter="data")
        extracted = media.parent / "media"
        if extracted != media:
            extracted.rename(media)
        restored.append(archive)
    return restored
