"""``bench realtime --open-loop``: the schedule's arithmetic, the log-line counts, the targets' verdicts, and
tiny real runs (the bare server alone; two Essaim processes over Redis on the Redis lane)."""

import asyncio
import logging
import statistics

import pytest

from bench import realtime, realtime_open, realtime_targets, server_logs
from bench import realtime_goals as goals
from bench.ws_open_loop import OpenLoopPhase, lag_figures, message_count, send_schedule
from tests.bench.test_realtime import options_for

# --- The open-loop schedule -------------------------------------------------------------------------------


def test_the_offered_rate_is_the_total_spread_over_the_senders_in_turn():
    schedule = send_schedule(8, rate=20.0, senders=3)
    assert [sender for _, sender in schedule] == [0, 1, 2, 0, 1, 2, 0, 1]
    assert [offset for offset, _ in schedule] == pytest.approx([n * 0.05 for n in range(8)])
    # Each sender posts every senders / rate seconds: sender 1 at 0.05, 0.20, 0.35.
    assert [offset for offset, sender in schedule if sender == 1] == pytest.approx([0.05, 0.20, 0.35])


def test_the_schedule_needs_a_positive_rate_and_senders():
    for rate, senders in ((0, 3), (-1, 3), (20, 0)):
        with pytest.raises(ValueError, match="positive"):
            send_schedule(5, rate, senders)


def test_the_message_count_is_rate_times_duration():
    assert message_count(20, 10) == 200
    assert message_count(2.5, 3) == 8  # 7.5 rounded
    assert message_count(0.1, 1) == 1  # never nothing to measure


def test_send_lag_figures():
    assert lag_figures([]) == {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    figures = lag_figures([0.0, 1.0, 2.0, 3.0, 40.0])
    assert figures["p50_ms"] == 2.0
    assert figures["max_ms"] == 40.0
    assert 3.0 < figures["p99_ms"] < 40.0


def open_phase(room_size: int, *tags_by_sender: tuple[int, str]) -> OpenLoopPhase:
    phase = OpenLoopPhase("o", room_size)
    for sender, tag in tags_by_sender:
        phase.echoes[sender] = asyncio.Event()
        phase.sent[tag] = (sender, 0.0)
        phase.outstanding += room_size  # as run_open_loop counts: the others' copies and the sender's own
    return phase


def test_an_open_loop_phase_ends_once_the_senders_own_copies_are_back_too():
    phase = open_phase(3, (0, "o.0.0"))
    phase.receive(1, ("message", "o.0.0 x"), 0.004)
    phase.receive(2, ("message", "o.0.0 x"), 0.006)
    assert not phase.done.is_set()  # the sender's copy is still out: arriving later, it would be a stray
    phase.receive(0, ("message", "o.0.0 x"), 0.007)
    phase.receive(0, ("message", "o.0.0 x"), 0.008)  # twice: counted once
    assert phase.outstanding == 0
    assert phase.done.is_set()
    assert phase.statuses == {"ok": 2}
    assert phase.latencies_ms == pytest.approx([4.0, 6.0])


def test_a_refused_open_loop_message_is_an_error_nobody_waits_for():
    phase = open_phase(4, (1, "o.1.0"), (2, "o.2.1"))
    phase.receive(1, ("error", "rate_limited o.1.0"), 0.001)
    assert phase.statuses == {"error:rate_limited": 1}
    assert phase.outstanding == 4  # only the other message is still awaited, by all four clients
    assert not phase.done.is_set()


# --- Server log lines ---------------------------------------------------------------------------------------


def test_log_lines_are_counted_by_kind_and_by_phase():
    lines = [
        "1000.100 WARNING spaces.live live drop: room 4, channel x (queue full)",
        "1000.200 INFO spaces.live gap fill room 4: versions 12–14 read from the database",
        "1005.000 INFO channels_redis.core 3 of 200 channels over capacity in group room-4",
        "1009.000 INFO channels_redis.core 2 of 200 channels over capacity in group room-4",
        "INFO:     Shutting down",  # unrelated
        "Traceback: live drop without a time",  # counted in the total only
    ]
    counts = server_logs.count_lines(lines, {"open_loop": [1000.0, 1001.0], "saturation": [1004.0, 1010.0]})
    assert counts["total"] == {
        "live_drops": 2,
        "gap_fills": 1,
        "over_capacity": 2,
        "over_capacity_channels": 5,
    }
    assert counts["open_loop"] == {
        "live_drops": 1,
        "gap_fills": 1,
        "over_capacity": 0,
        "over_capacity_channels": 0,
    }
    assert counts["saturation"] == {
        "live_drops": 0,
        "gap_fills": 0,
        "over_capacity": 2,
        "over_capacity_channels": 5,
    }


def test_the_bench_settings_stamp_each_line_with_its_time():
    from bench import settings

    formatter = logging.Formatter(settings.LOGGING["formatters"]["stamped"]["format"])
    record = logging.LogRecord("spaces.live", logging.INFO, __file__, 1, "gap fill room %s", (3,), None)
    line = formatter.format(record)
    assert server_logs.line_time(line) == pytest.approx(record.created, abs=0.001)
    assert server_logs.classify(line) == {"gap_fills": 1}
    # The two loggers whose lines are counted get through at INFO, under a root left at WARNING.
    assert settings.LOGGING["loggers"]["spaces.live"]["level"] == "INFO"
    assert settings.LOGGING["loggers"]["channels_redis"]["level"] == "INFO"


def test_the_logs_of_a_targets_processes_are_added_up(tmp_path):
    first, second = tmp_path / "one.log", tmp_path / "two.log"
    first.write_text("10.5 WARNING spaces.live live drop\n")
    second.write_text("11.5 WARNING spaces.live live drop\n11.6 INFO spaces.live gap fill\n")
    counts = server_logs.count_files([first, second, tmp_path / "never-started.log"], {"open_loop": [0, 11]})
    assert counts["total"]["live_drops"] == 2
    assert counts["total"]["gap_fills"] == 1
    assert counts["open_loop"]["live_drops"] == 1  # 11.5 is past the window


def test_per_process_counts_are_printed_side_by_side():
    first = server_logs.count_lines(["1.0 INFO spaces.live gap fill"] * 3)
    second = server_logs.count_lines(["1.0 WARNING spaces.live live drop"])
    assert realtime_open.process_lines([first, second]) == [
        "  server logs per process (live drops, gap fills, over-capacity lines): 0, 3, 0 / 1, 0, 0"
    ]
    assert realtime_open.process_lines([first]) == []  # one process: the target's line says it all


# --- Targets ----------------------------------------------------------------------------------------------


def test_goals_judge_limits_both_ways_and_never_pass_what_was_not_measured():
    assert goals.CONNECT.judge(3.0) == "met"
    assert goals.CONNECT.judge(3.01) == "not met"
    assert goals.SATURATION.judge(0.25) == "met"
    assert goals.SATURATION.judge(0.2) == "not met"
    assert goals.LIVE_DROPS.judge(0) == "met"
    assert goals.LIVE_DROPS.judge(1) == "not met"
    assert goals.IDLE_MEMORY.judge(None) == "not measured"
    assert goals.OPEN_LOOP_P95.describe() == "open-loop send → receipt p95 ≤ 20 ms"


def case(p95_ms=12.0, connect=2.0, saturation=0.3, drops=0, over_capacity=0, gap_fills=0) -> dict:
    phase = {"live_drops": drops, "gap_fills": gap_fills, "over_capacity": over_capacity}
    return {
        "open_loop": {"p95_ms": p95_ms},
        "ratio": {"connect": connect, "saturation_rps": saturation},
        "logs": {"open_loop": phase},
    }


def test_the_issues_targets_are_judged_on_the_essaim_case():
    verdicts = [item["verdict"] for item in realtime_open.checks(case(), 200, 20.0)]
    assert verdicts == ["met"] * 5
    failing = realtime_open.checks(
        case(p95_ms=25, connect=4, saturation=0.1, over_capacity=1, gap_fills=3), 200, 20.0
    )
    assert [item["verdict"] for item in failing] == ["not met"] * 5
    # An over-capacity line of channels_redis is a dropped live message as much as a "live drop" line.
    assert failing[2]["value"] == 1


def test_the_latency_target_says_when_the_run_was_not_at_its_conditions():
    at_target = realtime_open.checks(case(), 200, 20.0)[1]["shown"]
    elsewhere = realtime_open.checks(case(), 5, 40.0)[1]["shown"]
    assert at_target == "12.0 ms"
    assert elsewhere == "12.0 ms (room 5, 40/s)"
    assert all(item["verdict"] == "not measured" for item in realtime_open.checks(None, 200, 20.0))


def test_open_loop_options_default_to_a_room_of_200_and_the_closed_loop_keeps_its_sizes():
    opened = realtime_open.parse_options(options_for(realtime, "--open-loop"))
    assert (opened["sizes"], opened["rate"], opened["count"], opened["processes"]) == ([200], 20.0, 200, 2)
    assert realtime.parse_options(options_for(realtime))["sizes"] == [10, 50, 200]
    with pytest.raises(SystemExit, match="positive"):
        realtime_open.parse_options(options_for(realtime, "--open-loop", "--rate", "0"))


def test_a_run_whose_redis_was_emptied_is_not_valid():
    document = {"redis_emptied": True, "sections": []}
    (line,) = realtime_open.error_lines(document)
    assert "emptied during the run" in line
    assert realtime_open.error_lines({"redis_emptied": False, "sections": []}) == []


@pytest.mark.redis
def test_the_sentinel_tells_whether_redis_kept_the_runs_keys():
    import os

    import redis

    kept = realtime_targets.plant_sentinel()
    assert realtime_targets.sentinel_survived(kept)
    emptied = realtime_targets.plant_sentinel()
    with redis.Redis.from_url(os.environ["REDIS_URL"]) as client:
        client.delete(emptied)  # as a FLUSHDB would (this test must not empty a shared database)
    assert not realtime_targets.sentinel_survived(emptied)


# --- Tiny real runs ---------------------------------------------------------------------------------------


def test_without_redis_the_open_loop_measures_the_bare_server_and_says_why_not_essaim(monkeypatch, tmp_path):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(tmp_path))
    monkeypatch.delenv("REDIS_URL", raising=False)
    document = realtime.run(options_for(realtime, "--open-loop", "--small"))

    assert document["skipped"] == {"essaim redis ×2": "REDIS_URL is not set"}
    (section,) = document["sections"]
    baseline = section["baseline"]
    # 40 messages offered (2 s at 20/s), each received once by the 4 other clients of the room of 5.
    assert baseline["open_loop"]["statuses"] == {"ok": 40 * 4}
    assert baseline["saturation"]["statuses"] == {"ok": 20 * 4}
    assert len(baseline["connect_rounds_s"]) == 2  # --small: two timed rounds, the median reported
    assert baseline["connect_s"] == statistics.median(baseline["connect_rounds_s"])
    assert baseline["connect_s"] > 0
    assert baseline["reconnect_s"] > 0
    assert {item["verdict"] for item in section["checks"]} == {"not measured"}
    assert realtime.error_lines(document) == []
    table = realtime.format_table(document)
    assert "skipped essaim redis ×2: REDIS_URL is not set" in table
    assert "not measured" in table


@pytest.mark.redis
def test_two_essaim_processes_over_redis_are_measured_in_the_open_loop(bench_dir):
    document = realtime.run(options_for(realtime, "--open-loop", "--small"))

    assert document["skipped"] == {}
    (section,) = document["sections"]
    (essaim,) = section["cases"]
    assert essaim["name"] == "essaim redis ×2"
    # Clients on both processes: every message reached every other client exactly once, in order.
    assert essaim["open_loop"]["statuses"] == {"ok": 40 * 4}
    assert essaim["saturation"]["statuses"] == {"ok": 20 * 4}
    assert set(essaim["logs"]) == {"total", "connect", "open_loop", "saturation"}
    assert len(essaim["logs_per_process"]) == 2
    assert document["redis_emptied"] is False
    assert essaim["ratio"]["connect"] > 0
    assert essaim["ratio"]["reconnect"] > 0
    assert [item["verdict"] in {"met", "not met"} for item in section["checks"]] == [True] * 5
    assert realtime.error_lines(document) == []
    assert "essaim redis ×2" in realtime.format_table(document)
