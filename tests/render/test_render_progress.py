from __future__ import annotations

from ghlsync.render.progress import read_progress_line


def test_the_line_counts_records_and_requests_and_estimates_what_is_left() -> None:
    line = read_progress_line(3_200, 10_000, 412, elapsed=112.0)
    assert line == "read 3,200/10,000 records, 412 requests, ~4 min left"


def test_short_estimates_are_in_seconds_and_a_finished_read_has_none() -> None:
    assert read_progress_line(9, 10, 12, elapsed=9.0).endswith(", ~1 s left")
    assert read_progress_line(10, 10, 12, elapsed=9.0) == "read 10/10 records, 12 requests"
