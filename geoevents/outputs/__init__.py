"""Writers: events out to files, always through a temporary file and a rename."""

from __future__ import annotations

from .files import FORMATS, atomic_write, write_events

__all__ = ["FORMATS", "atomic_write", "write_events"]
