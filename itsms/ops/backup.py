"""Backup and restore of one installation: the database, every stored file, and a manifest of both.

A backup is a folder:
    manifest.json        format, app version, database vendor and server version, time, migrations, and
                         the SHA-256 and size of every other file in the folder
    database.sqlite3     SQLite: a copy made with the online backup API (readers and writers go on)
    database.pgdump      PostgreSQL: `pg_dump --format=custom`
    files/<name>         every object of the default storage (local folder or S3), under its storage name

The database is copied first and the files second: the file service saves bytes before it commits their
row, so every row in the copy has its bytes in storage by the time the files are listed.

`restore` reads the whole folder against the manifest before it changes anything, then restores the
database and the files, reads every restored object back to compare its hash, checks every StoredFile row
against the restored bytes, and runs `audit_verify`. Files are streamed in chunks: memory stays bounded
whatever their size.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .health import PROBE_PREFIX
from .version import app_version

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES_DIR = "files"
CHUNK = 1024 * 1024
# SQLite pages copied per step of the online backup, so a writer waits at most one step.
SQLITE_PAGES_PER_STEP = 4096

Log = Callable[[str], None]


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why (and that nothing was changed)."""


@dataclass(frozen=True)
class Entry:
    path: str
    sha256: str
    size: int


# --- helpers ------------------------------------------------------------------------------------------------


def _hash_stream(
    read: Callable[[int], bytes], write: Callable[[bytes], Any] | None = None
) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if write is not None:
            write(chunk)
    return digest.hexdigest(), size


def hash_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as fh:
        return _hash_stream(fh.read)


def storage_names(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every object name in the storage, depth first and sorted, skipping readiness probes."""
    try:
        folders, names = storage.listdir(directory)
    except FileNotFoundError:
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(names):
        full = prefix + name
        if not full.startswith(PROBE_PREFIX):
            yield full
    for folder in sorted(folders):
        full = prefix + folder
        if f"{full}/" != PROBE_PREFIX:
            yield from storage_names(storage, full)


def _safe_relative(path: str) -> PurePosixPath:
    """A manifest path must stay inside the backup folder (a crafted manifest must not reach elsewhere)."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in path:
        raise BackupError(f"The manifest names an unsafe path: {path!r}.")
    return pure


def _migrations() -> dict[str, list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied: dict[str, list[str]] = {}
    for app, name in sorted(loader.applied_migrations or {}):
        applied.setdefault(app, []).append(name)
    return applied


def _vendor_version() -> str:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return str(connection.pg_version)  # type: ignore[attr-defined]
    return sqlite3.sqlite_version


# --- PostgreSQL tools ---------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    folder = settings.PG_BIN_DIR
    return str(Path(folder) / name) if folder else name


def _pg_env() -> dict[str, str]:
    """libpq variables for the configured database, so no password appears on a command line."""
    db = connection.settings_dict
    options = db.get("OPTIONS", {}) or {}
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGSSLMODE", options.get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _tool_major(tool: str) -> int:
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BackupError(
            f"{tool} cannot be run ({exc}); install the PostgreSQL client or set PG_BIN_DIR."
        ) from None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if match is None:
        raise BackupError(f"Cannot read the version of {tool}: {out.strip()!r}.")
    return int(match.group(1))


def check_pg_tool(name: str, *, server_major: int | None = None) -> str:
    """pg_dump and pg_restore must be at least the server's major version (an older one refuses to work or
    loses what it does not know)."""
    tool = _pg_tool(name)
    if server_major is None:
        server_major = int(_vendor_version()) // 10000
    tool_major = _tool_major(tool)
    if tool_major < server_major:
        raise BackupError(
            f"{name} is version {tool_major} but the server is PostgreSQL {server_major}; "
            f"install the PostgreSQL {server_major} client or point PG_BIN_DIR at it."
        )
    return tool


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


# --- backup -------------------------------------------------------------------------------------------------


def _dump_database(out: Path) -> str:
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    if connection.vendor == "sqlite":
        target = out / SQLITE_FILE
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest, pages=SQLITE_PAGES_PER_STEP)
            # One self-contained file: the copy keeps no write-ahead log beside it.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        tool = check_pg_tool("pg_dump")
        name = str(connection.settings_dict["NAME"])
        _run(
            [
                tool,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={out / PG_FILE}",
                f"--dbname={name}",
            ]
        )
        return PG_FILE
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


def _copy_from_storage(storage: Storage, name: str, dest: Path) -> tuple[str, int]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as src, dest.open("wb") as fh:
        return _hash_stream(src.read, fh.write)


def backup_create(out: Path, *, storage: Storage | None = None, log: Log | None = None) -> dict[str, Any]:
    """Write a backup into the empty (or new) folder `out`; returns the manifest."""
    storage = storage or default_storage
    say = log or (lambda message: None)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise BackupError(f"The folder {out} is not empty; choose a new one for each backup.")
    created = timezone.now()
    say("database…")
    db_file = _dump_database(out)
    entries: list[Entry] = [Entry(db_file, *hash_file(out / db_file))]
    count = 0
    for name in storage_names(storage):
        relative = f"{FILES_DIR}/{_safe_relative(name)}"
        sha, size = _copy_from_storage(storage, name, out / relative)
        entries.append(Entry(relative, sha, size))
        count += 1
        if count % 1000 == 0:
            say(f"{count} files…")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "app": "itsms",
        "app_version": app_version(),
        "created_at": created.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "server_version": _vendor_version(), "file": db_file},
        "storage": {
            "backend": f"{storage.__class__.__module__}.{storage.__class__.__name__}",
            "files": count,
        },
        "migrations": _migrations(),
        "files": [{"path": e.path, "sha256": e.sha256, "size": e.size} for e in entries],
    }
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(out / MANIFEST)
    say(f"{count} files, {sum(e.size for e in entries)} bytes")
    return manifest


# --- checking a backup --------------------------------------------------------------------------------------


def manifest_read(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a backup.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} cannot be read: {exc}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("app") != "itsms":
        raise BackupError(f"{MANIFEST} is not an itsms backup manifest of format {FORMAT}.")
    return manifest


def _entries(manifest: dict[str, Any]) -> list[Entry]:
    try:
        return [Entry(str(f["path"]), str(f["sha256"]), int(f["size"])) for f in manifest["files"]]
    except (KeyError, TypeError, ValueError):
        raise BackupError(f"{MANIFEST} lists its files in an unknown shape.") from None


def backup_verify(folder: Path) -> dict[str, Any]:
    """Every file the manifest names is present with its size and hash, and nothing else is there; and the
    backup fits this installation (same database vendor, no migration this code does not have)."""
    manifest = manifest_read(folder)
    entries = _entries(manifest)
    problems: list[str] = []
    listed = set()
    for entry in entries:
        relative = _safe_relative(entry.path)
        listed.add(relative.as_posix())
        path = folder / relative
        if not path.is_file():
            problems.append(f"missing: {entry.path}")
            continue
        sha, size = hash_file(path)
        if size != entry.size or sha != entry.sha256:
            problems.append(f"changed: {entry.path} (size {size}, expected {entry.size})")
    for path in sorted(folder.rglob("*")):
        found = path.relative_to(folder).as_posix()
        if path.is_file() and found != MANIFEST and found not in listed:
            problems.append(f"not in the manifest: {found}")
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise BackupError(f"The backup does not match its manifest; nothing was restored.\n  {shown}{more}")
    database = manifest.get("database") or {}
    if database.get("vendor") != connection.vendor:
        raise BackupError(
            f"This is a {database.get('vendor')} backup and the configured database is {connection.vendor}; "
            "nothing was restored."
        )
    if database.get("file") not in {e.path for e in entries}:
        raise BackupError("The manifest names no database file; nothing was restored.")
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of itsms (unknown migrations: "
            f"{', '.join(unknown[:10])}); restore it with that version. Nothing was restored."
        )
    return manifest


# --- restore ------------------------------------------------------------------------------------------------


def _restore_database(folder: Path, db_file: str) -> None:
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    if connection.vendor == "sqlite":
        # The online backup API in reverse, through Django's own connection: it holds the write lock of
        # the live file while it copies, so no other connection sees a half-restored database.
        source = sqlite3.connect(f"{(folder / db_file).as_uri()}?mode=ro", uri=True)
        try:
            connection.close()
            connection.ensure_connection()
            source.backup(connection.connection, pages=SQLITE_PAGES_PER_STEP)
        finally:
            source.close()
            connection.close()
        return
    tool = check_pg_tool("pg_restore")
    name = str(connection.settings_dict["NAME"])
    connection.close()
    # --single-transaction: a failure half way leaves the database as it was.
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(folder / db_file),
        ]
    )


def _restore_file(storage: Storage, name: str, entry: Entry, source: Path) -> None:
    if storage.exists(name):
        # An object that is already right stays: signed audit checkpoints may sit under object lock.
        if _read_back(storage, name) == (entry.sha256, entry.size):
            return
        storage.delete(name)
    with source.open("rb") as fh:
        saved = storage.save(name, File(fh, name=PurePosixPath(name).name))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}; the restore is incomplete.")


def _read_back(storage: Storage, name: str) -> tuple[str, int]:
    with storage.open(name, "rb") as fh:
        return _hash_stream(fh.read)


def files_check(storage: Storage, expected: dict[str, Entry]) -> list[str]:
    """Read every restored object back and compare it with the manifest, then check every StoredFile row
    against the restored bytes."""
    from itsms.core.models import StoredFile

    problems: list[str] = []
    for name, restored in expected.items():
        try:
            sha, size = _read_back(storage, name)
        except FileNotFoundError:
            problems.append(f"missing in storage: {name}")
            continue
        if (sha, size) != (restored.sha256, restored.size):
            problems.append(f"different in storage: {name}")
    rows = StoredFile.objects.values_list("storage_name", "sha256", "size").order_by("storage_name")
    for storage_name, sha, size in rows.iterator(chunk_size=2000):
        entry = expected.get(storage_name)
        if entry is None:
            problems.append(f"file row without bytes: {storage_name}")
        elif (entry.sha256, entry.size) != (sha, size):
            problems.append(f"file row and bytes differ: {storage_name}")
    return problems


def backup_restore(folder: Path, *, storage: Storage | None = None, log: Log | None = None) -> dict[str, Any]:
    """Check the backup, then restore the database and the files; raises BackupError when the restored
    files do not match. The audit check is the caller's (the command runs `audit_verify`)."""
    storage = storage or default_storage
    say = log or (lambda message: None)
    say("checking the backup…")
    manifest = backup_verify(folder)
    entries = _entries(manifest)
    db_file = manifest["database"]["file"]
    say("database…")
    _restore_database(folder, db_file)
    files: dict[str, Entry] = {}
    prefix = f"{FILES_DIR}/"
    for entry in entries:
        if entry.path.startswith(prefix):
            name = entry.path[len(prefix) :]
            _restore_file(storage, name, entry, folder / _safe_relative(entry.path))
            files[name] = entry
    say(f"{len(files)} files restored; reading them back…")
    problems = files_check(storage, files)
    if problems:
        raise BackupError("The restored files do not match:\n  " + "\n  ".join(problems[:50]))
    return manifest
