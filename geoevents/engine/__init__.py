"""Batch runs over large corpora, locally or on Dask, and the spatial aggregation of their output.

May import: ``geoevents.pipeline`` and everything below it (not ``geoevents.cli``).

>>> from geoevents.engine import extract_corpus, plan_partitions, read_parts, aggregate
"""

from __future__ import annotations

from .corpus import Partition, is_corpus, plan_partitions, read_partition
from .run import RunResult, extract_corpus, part_files, process_partition, read_parts, write_part

__all__ = ["Partition", "RunResult", "aggregate", "extract_corpus", "is_corpus", "part_files", "plan_partitions",
           "process_partition", "read_partition", "read_parts", "write_part"]


def __getattr__(name: str):
    if name == "aggregate":  # imports dask-geopandas: only for whoever asks
        from .areas import aggregate

        return aggregate
    raise AttributeError(name)
