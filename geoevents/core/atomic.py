"""Atomic writes: every file and folder geoevents writes appears whole or not at all.

Each writer works on a temporary name beside its target and renames it over
the target only when its block succeeds; on any failure the temporary is
removed and the target keeps what it had.

- :func:`atomic_write` opens a file to write to (UTF-8 text, or binary);
- :func:`atomic_path` gives a path, for writers that create the file
  themselves (GDAL, pyarrow, pandas);
- :class:`AtomicFolder` gives a folder, committed or aborted by the caller.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_write(folder / "a.txt") as fh:
...     _ = fh.write("whole")
>>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
('whole', ['a.txt'])
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

__all__ = ["AtomicFolder", "atomic_path", "atomic_write"]


def _folder_of(path: Path) -> Path:
    """The folder ``path`` goes in; refused when it does not exist."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: folder {directory} does not exist")
    return directory


@contextlib.contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    path = Path(path)
    directory = _folder_of(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; outputs get the usual mode
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A fresh temporary path next to ``path`` (same suffix), renamed over it if the block succeeds."""
    path = Path(path)
    directory = _folder_of(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=directory)
    os.close(fd)
    os.unlink(tmp)  # the writers want to create the file themselves
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class AtomicFolder:
    """A temporary folder beside ``target``: :meth:`commit` renames it over ``target``, :meth:`abort` removes it.

    Subclasses refuse targets they must not replace in :meth:`_check_target`.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        parent = _folder_of(target)
        self._check_target()
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))

    def _check_target(self) -> None:
        """Raise :class:`~geoevents.core.errors.InputError` if ``self.target`` must not be replaced."""

    def commit(self) -> None:
        os.chmod(self.tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the output is an ordinary folder
        if self.target.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".old", dir=self.tmp.parent))
            os.replace(self.target, old / "x")
            os.replace(self.tmp, self.target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.tmp, self.target)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _umask() -> int:
    """The process umask; read from /proc where it can be (os.umask() has to set it to read it)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
