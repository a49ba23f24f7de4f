"""Real engines for the tests: a throw-away PostgreSQL cluster and one local Spark session.

Both are session fixtures (imported by ``conftest.py``): the cluster is made with ``initdb`` in
a temporary directory, listens on a free loopback port only, and is stopped and removed at the
end; the Spark session runs in local mode (``local[2]``) and is stopped at the end. A machine
without them skips these tests, CI fails them (``tests/components.py``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from components import missing


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        missing("PostgreSQL", "no initdb under /usr/lib/postgresql/*/bin or on PATH")
    return Path(initdb).parent


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A running throw-away cluster; yields its DSN (trust authentication, loopback only)."""
    bindir = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="sladsl-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = "nobody"
        prefix = ["runuser", "-u", user, "--"]
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data = folder / "data"
    port = free_port()
    log = folder / "server.log"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "sladsl", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        yield f"postgresql://sladsl@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        missing("psycopg", "pip install '.[postgres]'")
    with postgres_cluster() as dsn:
        yield dsn


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    try:
        from pyspark.sql import SparkSession
    except ModuleNotFoundError:
        missing("pyspark", "pip install '.[spark]'")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing("Java", "Spark needs a Java runtime (openjdk-17-jre-headless)")
    from sladsl.engines.spark import builder

    session = builder(SparkSession, "local[2]").getOrCreate()
    try:
        yield session
    finally:
        session.stop()
