"""The shared polling loop: one pass per interval off the event loop, and off when its pause is zero."""

from __future__ import annotations

import asyncio
import threading

import pytest

from ioc.kit import loops


async def test_a_loop_runs_its_pass_in_a_thread_each_interval():
    threads: list[int] = []
    loop = loops.every(lambda runtime: threads.append(threading.get_ident()) or 1, lambda runtime: 0.01, name="t")
    task = asyncio.create_task(loop(object()))
    await asyncio.sleep(0.08)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(threads) >= 3
    assert threading.get_ident() not in threads  # the event loop is never blocked by a pass
    assert loop.__name__ == "t"


async def test_a_pause_of_zero_switches_the_job_off():
    calls: list[object] = []
    loop = loops.every(calls.append, lambda runtime: 0, name="off")
    await asyncio.wait_for(loop(object()), timeout=1)
    assert calls == []


async def test_a_failing_pass_propagates_so_the_runtime_restarts_the_loop():
    def boom(runtime):
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError, match="database gone"):
        await loops.every(boom, lambda runtime: 0.01, name="boom")(object())
