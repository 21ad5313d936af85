"""The worker pool's pipeline: jobs sent ahead to a worker are not lost when the one before them fails."""

from __future__ import annotations

import os
import time

import pytest

from embeds._pool import WorkerPool


def _run(task: object, jobs: list[object], timeout: float | None) -> dict[int, object]:
    pool = WorkerPool(task, 1, depth=2)  # type: ignore[arg-type]
    pool.start()
    try:
        return {
            index: result
            for index, result in pool.map(iter(enumerate(jobs)), timeout, lambda job, why: ("failed", job, why))
            if index >= 0
        }
    finally:
        pool.close()


def test_a_job_queued_behind_one_that_times_out_runs_on_the_new_worker() -> None:
    results = _run(time.sleep, [0.0, 60.0, 0.0, 0.0], timeout=1.0)
    assert results[0] is None and results[2] is None and results[3] is None
    failed = results[1]
    assert isinstance(failed, tuple) and failed[:2] == ("failed", 60.0) and "time limit" in failed[2]


def test_a_job_queued_behind_one_that_kills_its_worker_runs_on_the_new_worker() -> None:
    results = _run(os._exit, [3, 4], timeout=None)
    assert [r[:2] for r in results.values()] == [("failed", 3), ("failed", 4)]  # type: ignore[index]
    assert "exit code 3" in results[0][2] and "exit code 4" in results[1][2]  # type: ignore[index]


@pytest.mark.parametrize("long_first", [True, False])
def test_no_job_is_queued_behind_a_long_one(long_first: bool) -> None:
    # one worker, two jobs: the second is sent with the first only when the first is a quick one
    pool = WorkerPool(time.sleep, 1, depth=2)
    pool.start()
    behind: list[list[object]] = []
    try:
        for index, _ in pool.map(iter(enumerate([0.2, 0.0])), None, str, quick=lambda job: not long_first):
            if index == 0:  # the first is done: was the second already sent?
                behind.append([job for _, job in pool._workers[0].queued])
    finally:
        pool.close()
    assert behind == [[] if long_first else [0.0]]


def test_a_failed_job_can_be_split_and_run_again_in_parts() -> None:
    # a batch over the time limit: its parts run instead, each with the limit; a part over it fails alone
    pool = WorkerPool(time.sleep, 2, depth=2)
    pool.start()
    try:
        results = {
            index: result
            for index, result in pool.map(
                iter([(0, 60.0), (3, 0.0)]),
                1.0,
                lambda job, why: ("failed", job),
                split=lambda index, job: [(index, 0.0), (index + 1, 30.0), (index + 2, 0.0)] if job == 60.0 else [],
            )
            if index >= 0
        }
    finally:
        pool.close()
    assert results == {0: None, 1: ("failed", 30.0), 2: None, 3: None}
