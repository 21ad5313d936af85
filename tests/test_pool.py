"""The worker pool's pipeline: jobs sent ahead to a worker are not lost when the one before them fails."""

from __future__ import annotations

import os
import time

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
