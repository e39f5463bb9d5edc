"""Atomic writes: every file and folder geoevents writes appears whole or not at all.

Each writer works on a temporary name beside its target and renames it over
the target only when its block succeeds; on any failure the temporary is
removed and the target keeps what it had.

- :func:`atomic_write` opens a file to write to (UTF-8 text, or binary);
- :func:`atomic_path` gives a path, for writers that create the file
  themselves (GDAL, pyarrow, pandas);
- :class:`AtomicFolder` gives a folder, committed or aborted by the caller.

:func:`check_output` refuses, before any work, a target that cannot be
written: an existing folder, a missing or read-only folder, a read-only
file, or one of the run's own inputs.

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
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError

__all__ = ["AtomicFolder", "atomic_path", "atomic_write", "check_output"]


def _folder_of(path: Path, *, folder_ok: bool = False) -> Path:
    """The folder ``path`` goes in; refused when it does not exist, or when ``path`` is a folder."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: folder {directory} does not exist")
    if path.is_dir() and not folder_ok:
        raise InputError(f"{path}: is a folder; expected a file name to write")
    return directory


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = (),
                 folder_ok: bool = False) -> None:
    """Refuse an output that cannot be written, before any work starts.

    Raises :class:`~geoevents.core.errors.InputError` when ``path`` is an existing folder (unless
    ``folder_ok``: a folder output such as an engine's ``NAME.parquet/``), is one of ``inputs``, sits in a
    folder that does not exist or cannot be written to, or is a file that is not writable.

    >>> import tempfile
    >>> check_output(tempfile.gettempdir())
    Traceback (most recent call last):
    geoevents.core.errors.InputError: ...: is a folder; expected a file name to write
    """
    target = Path(path)
    directory = _folder_of(target, folder_ok=folder_ok)
    for source in inputs:
        if str(source) != "-" and (_same_file(target, Path(source)) or target.absolute() == Path(source).absolute()):
            raise InputError(f"{target}: is also an input; write the output to another file")
    if target.exists() and not target.is_dir() and not os.access(target, os.W_OK):
        raise InputError(f"{target}: file is read-only")
    try:  # the real test (os.access says yes to root on a read-only file system)
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=directory)
    except OSError as exc:
        raise InputError(f"{target}: cannot write in folder {directory} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)


@contextlib.contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    path = Path(path)
    directory = _folder_of(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; outputs get the usual mode
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
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
        parent = _folder_of(target, folder_ok=True)
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
