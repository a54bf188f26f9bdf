"""The model's clock steps through events exactly as SimPy's environment does."""

from __future__ import annotations

import random

import pytest
import simpy

from simulations.model.clock import Clock


def story(env: simpy.Environment, seed: int, log: list) -> None:
    """Processes that wait, wake each other and tie on time: a log of what ran when.

    Delays are whole minutes and halves, so that many events fall on the
    same moment and the order among them (priority, then scheduling order)
    decides the log.
    """
    draw = random.Random(seed)
    signals = [env.event() for _ in range(5)]

    def worker(name: int):
        for step in range(8):
            kind = draw.random()
            if kind < 0.6:
                yield env.timeout(draw.choice((0, 0.5, 1, 2, 3)))
            elif kind < 0.8:
                signal = draw.choice(signals)
                if not signal.triggered:
                    signal.succeed(name)
                yield env.timeout(0.5)
            else:
                signal = draw.choice(signals)
                got = yield signal
                log.append((env.now, name, "heard", got))
            log.append((env.now, name, step))
        return name

    def watcher():
        done = yield simpy.AllOf(env, [env.process(worker(i)) for i in range(6)])
        log.append((env.now, "all done", sorted(done.values())))

    env.process(watcher())

    def tick(_: object) -> None:
        log.append((env.now, "tick"))

    for at in (0.5, 1, 1, 2.5):
        env.timeout(at).callbacks.append(tick)


@pytest.mark.parametrize("seed", range(12))
def test_the_clock_runs_events_in_simpys_order(seed):
    logs = []
    for env in (simpy.Environment(), Clock()):
        log: list = []
        story(env, seed, log)
        for until in (0.5, 1, 2.25, 7, 40):  # in rounds, as the game runs
            env.run(until=until)
            log.append((env.now, "stopped", env.peek()))
        logs.append(log)
    assert logs[0] == logs[1]
    assert len(logs[0]) > 20  # the story did happen


def test_the_clock_refuses_what_simpy_refuses():
    clock = Clock()
    with pytest.raises(ValueError, match="Negative delay"):
        clock.timeout(-1.0)
    clock.run(until=5)
    with pytest.raises(ValueError, match="must be greater"):
        clock.run(until=5)
    assert clock.now == 5


def test_the_clock_reports_a_failed_event_like_simpy():
    for env in (simpy.Environment(), Clock()):

        def broken(env):
            yield env.timeout(1)
            raise KeyError("lost")

        env.process(broken(env))
        with pytest.raises(KeyError, match="lost"):
            env.run(until=3)
