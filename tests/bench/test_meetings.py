"""The meetings benchmark: registered at the issue's size, and one tiny real run end to end."""

import argparse
import json

from bench import __main__ as runner
from bench import meetings, registry


def options(*argv):
    parser = argparse.ArgumentParser()
    meetings.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_it_is_registered_and_sized_for_the_issue_by_default():
    assert registry.load("meetings") is meetings
    defaults = options()
    assert (defaults.registrants, defaults.requests) == (200, 1000)


def test_a_double_booking_is_an_error_of_the_run():
    assert meetings.error_lines({"double_booked": 0}) == []
    assert meetings.error_lines({"double_booked": 2}) == [
        "meetings: 2 double bookings (a person or a table booked twice)"
    ]


def test_a_tiny_run_prints_the_scheduler_as_a_ratio_to_reading_the_same_requests(tmp_path, capsys):
    argv = ["--results-dir", str(tmp_path), "meetings", "--registrants", "12", "--requests", "30"]
    assert runner.main([*argv, "--repeat", "2", "--tables", "2"]) == 0
    printed = capsys.readouterr().out
    assert "reading the requests" in printed
    assert "double-booked: 0" in printed
    (written,) = tmp_path.glob("meetings-*.json")
    document = json.loads(written.read_text())
    assert document["double_booked"] == 0
    assert 0 < document["scheduled"] <= 30
    assert document["ratio"]["p50"] == document["scheduler"]["p50_ms"] / document["baseline"]["p50_ms"]
