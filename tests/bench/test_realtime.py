"""The real-time benchmarks: delivery accounting on known frames, and tiny real runs against real servers."""

import argparse
import asyncio
import json

import pytest

from bench import realtime, realtime_idle, registry
from bench.ws_load import FORMATS, Phase

# --- Frame formats and delivery accounting -----------------------------------------------------------------


def test_raw_frames_are_the_text_itself():
    raw = FORMATS["raw"]
    assert raw.encode("r10-0.3.7 xxx") == "r10-0.3.7 xxx"
    assert raw.decode("r10-0.3.7 xxx") == ("message", "r10-0.3.7 xxx")
    assert raw.is_ready("anything")


def test_essaim_frames_speak_the_room_protocol():
    essaim = FORMATS["essaim"]
    assert json.loads(essaim.encode("r10-0.3.7 xxx")) == {
        "action": "send",
        "text": "r10-0.3.7 xxx",
        "client_id": "r10-0.3.7",
    }
    message = {"type": "message", "version": 4, "message": {"text": "r10-0.3.7 xxx", "edited_at": None}}
    assert essaim.decode(json.dumps(message)) == ("message", "r10-0.3.7 xxx")
    error = {"type": "error", "code": "rate_limited", "message": "…", "client_id": "r10-0.3.7"}
    assert essaim.decode(json.dumps(error)) == ("error", "rate_limited r10-0.3.7")
    for other in ({"type": "ack", "client_id": "x"}, {"type": "presence", "online": []}):
        assert essaim.decode(json.dumps(other)) is None
    assert essaim.is_ready(json.dumps({"type": "ready", "room": 1, "last_seq": 0, "online": []}))
    assert not essaim.is_ready(json.dumps({"type": "presence", "online": []}))


def phase_with_sent(room_size: int, *tags_by_sender: tuple[int, str]) -> Phase:
    phase = Phase("p", room_size)
    for sender, tag in tags_by_sender:
        phase.sent[tag] = (sender, 0.0)
        phase.echoes[sender] = asyncio.Event()
        phase.outstanding += room_size - 1
    return phase


def test_each_message_counts_once_per_other_client_and_disorder_is_an_error():
    phase = phase_with_sent(3, (0, "p.0.0"), (0, "p.0.1"))
    phase.receive(0, ("message", "p.0.0 x"), 0.001)  # the sender's own copy: its echo, not a delivery
    assert phase.echoes[0].is_set()
    phase.receive(1, ("message", "p.0.1 x"), 0.002)
    phase.receive(1, ("message", "p.0.0 x"), 0.003)  # older than what client 1 already has
    phase.receive(1, ("message", "p.0.0 x"), 0.004)  # again
    phase.receive(2, ("message", "q.9.9 x"), 0.005)  # never sent in this phase
    assert phase.statuses == {"ok": 2, "out_of_order": 1, "duplicate": 1, "stray": 1}
    assert phase.latencies_ms == pytest.approx([2.0, 3.0])
    assert phase.outstanding == 2  # client 2 still expects both messages: they would be counted lost


def test_a_refused_message_is_an_error_nobody_waits_for():
    phase = phase_with_sent(4, (1, "p.1.0"))
    phase.receive(1, ("error", "rate_limited p.1.0"), 0.001)
    assert phase.statuses == {"error:rate_limited": 1}
    assert phase.outstanding == 0
    assert phase.done.is_set()
    assert phase.echoes[1].is_set()


# --- Tiny real runs ---------------------------------------------------------------------------------------


def options_for(module, *args: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return parser.parse_args(list(args))


def test_both_benchmarks_are_registered():
    assert {"realtime", "connections"} <= set(registry.names())


def test_bare_broadcast_delivers_every_message_to_every_other_client(monkeypatch, tmp_path):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(tmp_path))
    document = realtime.run(options_for(realtime, "--small", "--targets", "bare"))

    assert [section["size"] for section in document["sections"]] == [3, 5]
    for section in document["sections"]:
        baseline = section["baseline"]
        # 20 messages, each received by the room's other clients, no error of any kind.
        assert baseline["statuses"] == {"ok": 20 * (section["size"] - 1)}
        assert baseline["errors"] == 0
        assert 0 < baseline["p50_ms"] <= baseline["p95_ms"] <= baseline["p99_ms"]
    assert realtime.error_lines(document) == []
    assert "baseline" in realtime.format_table(document)


def test_idle_connections_are_held_and_their_memory_measured(monkeypatch, tmp_path):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(tmp_path))
    document = realtime_idle.run(
        options_for(realtime_idle, "--small", "--targets", "bare", "--settle", "0.2")
    )

    baseline = document["baseline"]
    assert (baseline["held"], baseline["attempted"], baseline["errors"]) == (60, 60, 0)
    assert baseline["rss_after_kb"] > 0
    assert baseline["rss_before_kb"] > 0
    assert realtime_idle.error_lines(document) == []
    assert "bare websockets" in realtime_idle.format_table(document)


def test_the_baseline_is_required(monkeypatch, tmp_path):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(tmp_path))
    with pytest.raises(SystemExit, match="baseline"):
        realtime.run(options_for(realtime, "--small", "--targets", "memory"))


# --- Essaim's room consumer, tiny -------------------------------------------------------------------------


def assert_every_delivery(document: dict, cases: set[str]) -> None:
    assert realtime.error_lines(document) == []
    for section in document["sections"]:
        assert {case["name"] for case in section["cases"]} == cases
        for case in section["cases"]:
            # Logged-in people in a public room: each message stored, broadcast, received once by each other.
            assert case["statuses"] == {"ok": 20 * (section["size"] - 1)}
            assert case["ratio"]["rps"] > 0


def test_the_room_consumer_is_measured_against_the_bare_server(bench_dir):
    document = realtime.run(options_for(realtime, "--small", "--targets", "bare,memory"))
    assert_every_delivery(document, {"essaim in-memory"})
    assert "essaim in-memory" in realtime.format_table(document)


@pytest.mark.redis
def test_the_redis_layer_is_measured_too(bench_dir):
    document = realtime.run(options_for(realtime, "--small", "--sizes", "3", "--targets", "bare,redis"))
    assert document["skipped"] == {}
    assert_every_delivery(document, {"essaim redis"})


def test_without_redis_the_redis_case_is_skipped_with_its_reason(bench_dir, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    document = realtime.run(options_for(realtime, "--small", "--targets", "bare,redis"))
    assert document["skipped"] == {"essaim redis": "REDIS_URL is not set"}
    assert all(section["cases"] == [] for section in document["sections"])
    assert "skipped essaim redis: REDIS_URL is not set" in realtime.format_table(document)


def test_idle_room_connections_are_held_and_weighed(bench_dir):
    document = realtime_idle.run(
        options_for(
            realtime_idle, "--small", "--targets", "bare,memory", "--settle", "0.2", "--per-room", "20"
        )
    )
    (case,) = document["cases"]
    assert (case["name"], case["held"], case["attempted"]) == ("essaim in-memory", 60, 60)
    assert case["ratio"]["kb_per_connection"] > 0
    assert realtime_idle.error_lines(document) == []
