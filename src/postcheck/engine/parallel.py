"""Assess many posts on all cores: one engine per worker process, built once."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing import get_context
from typing import Any, TypeVar

from .engine import Engine
from .model import Assessment, Context, Post
from .packs import default_rules_dir
from .semantic import MODEL_FILE as SEMANTIC_MODEL
from .semantic import Encoder

Item = tuple[Post, Context]
C = TypeVar("C")
R = TypeVar("R")
Project = Callable[[Post, Assessment], Any]

_ENGINE: Engine | None = None
_PROJECT: Project | None = None


def _init(project: Project | None) -> None:
    global _ENGINE, _PROJECT
    _ENGINE = Engine()
    _PROJECT = project


def _work(chunk: list[Item]) -> list[Any]:
    assert _ENGINE is not None
    engine = _ENGINE
    results = engine.assess_batch(chunk)
    if _PROJECT is None:
        return list(results)
    project = _PROJECT
    return [project(p, a) for (p, _c), a in zip(chunk, results, strict=True)]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_engine() -> Engine:
    """The engine of this worker process (built by the pool's initializer)."""
    assert _ENGINE is not None, "not in a worker started by imap_chunks"
    return _ENGINE


def imap_chunks(
    work: Callable[[C], R],
    chunks: Iterable[C],
    *,
    workers: int,
    project: Project | None = None,
) -> Iterator[R]:
    """``work(chunk)`` for each chunk on ``workers`` processes (each with its engine,
    :func:`worker_engine`), results in input order.

    ``work`` must be a module-level function. Pool.imap's feeder thread would read the
    whole input ahead of the workers; a semaphore keeps at most a few chunks in flight,
    so memory stays flat however long the input is, and a caller that stops early
    does not leave the feeder waiting.
    """
    ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
    if hasattr(os, "fork") and (default_rules_dir() / SEMANTIC_MODEL).is_file():
        Encoder.preload()  # forked workers share the encoder's weights
    in_flight = threading.Semaphore(2 * workers + 2)
    stop = threading.Event()  # set when the caller is done, so the feeder never hangs

    def throttled() -> Iterator[C]:
        for chunk in chunks:
            while not in_flight.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield chunk

    with ctx.Pool(workers, initializer=_init, initargs=(project,)) as pool:
        try:
            for result in pool.imap(work, throttled(), chunksize=1):
                in_flight.release()
                yield result
        finally:
            stop.set()


def assess_parallel(
    items: Iterable[Item],
    *,
    workers: int = 0,
    chunk_size: int = 1024,
    project: Project | None = None,
    engine: Engine | None = None,
) -> Iterator[Any]:
    """Yield one result per item, in input order, using ``workers`` processes.

    ``project`` (a module-level function) turns (post, assessment) into what the
    caller needs inside the worker, so only that crosses the process boundary.
    With one worker, runs in this process with ``engine`` (or a new one).
    """
    workers = workers or cpu_count()
    if workers <= 1:
        eng = engine or Engine()
        for chunk in _chunks(items, chunk_size):
            for (p, _c), a in zip(chunk, eng.assess_batch(chunk), strict=True):
                yield a if project is None else project(p, a)
        return
    for results in imap_chunks(_work, _chunks(items, chunk_size), workers=workers, project=project):
        yield from results
