"""One way to write an output file: completely, or not at all.

Every command that writes a file (``render``, ``evaluate``, ``compile``, ``fmt``, ``diff``)
goes through :func:`write_atomically`: the bytes go to a temporary file in the target's own
directory, are flushed to disk, get the permissions the target should have, and only then
replace the target with :func:`os.replace`, which is atomic on POSIX and Windows when both
names are on one file system (hence the same directory). A crash, a full disk or an
interrupt at any moment leaves either the old file or the new one, never a mix, and no
temporary file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replaces ``path`` with ``data`` (text is written as UTF-8, line ends untouched).

    An existing file keeps its permission bits; a new one gets the usual ``0o666`` less the
    umask (``mkstemp`` alone would make it private). Raises :class:`OSError` if the file
    cannot be written, with the target as it was.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)  # `-o out/report.html` into a new folder
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_directory(directory)


def write_files_atomically(files: Mapping[Path, str | bytes]) -> None:
    """Replaces many files (``sladsl portfolio``'s reports, one per customer), each as
    :func:`write_atomically` does, but together: every file is written and flushed to a
    temporary file beside its target first, and only then do they replace their targets.
    The flushes run on a pool of threads, since a flush mostly waits for the disk and the
    disk commits concurrent flushes together (a thousand one after the other took seconds).
    Raises :class:`OSError` if any file cannot be written, with every target as it was (and
    no temporary file left).
    """
    from concurrent.futures import ThreadPoolExecutor

    pending: list[tuple[str, Path]] = []

    def stage(item: tuple[Path, str | bytes]) -> tuple[str, Path]:
        target, data = item
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~umask
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        pending.append((tmp, target))  # list.append is atomic: the cleanup sees every file
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        return tmp, target

    umask = _umask()
    directories = sorted({t.parent if str(t.parent) else Path(".") for t in files})
    try:
        for directory in directories:
            directory.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=16) as pool:
            staged = list(pool.map(stage, files.items()))
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in pending:
            Path(tmp).unlink(missing_ok=True)
        raise
    for directory in directories:
        _sync_directory(directory)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    current = os.umask(0o022)
    os.umask(current)
    return current


def _sync_directory(directory: Path) -> None:
    """Makes the rename itself durable where the platform allows it (not on Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename has still happened
    finally:
        os.close(fd)
