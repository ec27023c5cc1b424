"""`factdesk ask "..."` as a whole process: cold, with `factdesk serve` running, and as it
comes out of the box (the first ask starts a server in the background).

Loads the sample corpus into a temporary data directory, times `--runs` fresh `factdesk ask`
processes with no server (the baseline, in the same run; FACTDESK_AUTO_SERVE_MINUTES=0),
starts `factdesk serve` on the same directory, times as many again, and prints the medians and
their ratio. Then, with the server stopped and the default setting, it times one cold ask
(which starts a server in the background), waits for that server, and times as many more. All
must give the same verdict and citations, or the run fails. The issue's target for a process
answering from the shell is 1.5 s.

    python bench/served_ask.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "knowledge" / "sample_corpus" / "sources"
QUESTION = "did the US buy Kazakh jets?"
TARGET_S = 1.5


def _factdesk() -> list[str]:
    script = Path(sys.executable).parent / "factdesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.answer_client"]


def _timed_asks(
    data: Path, runs: int, auto_serve_minutes: float = 0
) -> tuple[list[float], set[tuple[str, tuple[str, ...]]]]:
    """Wall seconds of `runs` fresh `factdesk ask --json` processes, and the answers given."""
    times, answers = [], set()
    env = {**os.environ, "FACTDESK_AUTO_SERVE_MINUTES": f"{auto_serve_minutes:g}"}
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [*_factdesk(), "--data-dir", str(data), "ask", "--json", QUESTION],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        times.append(time.perf_counter() - started)
        answer = json.loads(done.stdout)
        answers.add((answer["verdict"], tuple(c["doc_id"] for c in answer["citations"])))
    return times, answers


def measure(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fd-served-") as tmp:
        data = Path(tmp) / "data"
        subprocess.run(
            [*_factdesk(), "--data-dir", str(data), "ingest", str(SAMPLE)],
            capture_output=True,
            check=True,
        )
        cold, cold_answers = _timed_asks(data, runs)
        server = subprocess.Popen(
            [*_factdesk(), "--data-dir", str(data), "serve"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stderr is not None
            ready = server.stderr.readline()
            if "answering on" not in ready:
                raise SystemExit(f"factdesk serve did not start: {ready}{server.stderr.read()}")
            served, served_answers = _timed_asks(data, runs)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        first, auto, auto_answers = _out_of_the_box(data, runs)
    if not cold_answers == served_answers == auto_answers or len(cold_answers) != 1:
        raise SystemExit(
            f"answers differ: cold {cold_answers}, served {served_answers}, auto {auto_answers}"
        )
    cold_median, served_median = statistics.median(cold), statistics.median(served)
    return {
        "question": QUESTION,
        "runs": runs,
        "cold_s": [round(t, 3) for t in cold],
        "served_s": [round(t, 3) for t in served],
        "cold_median_s": round(cold_median, 3),
        "served_median_s": round(served_median, 3),
        "speed_up": round(cold_median / served_median, 1),
        "target_s": TARGET_S,
        "served_meets_target": served_median <= TARGET_S,
        "out_of_the_box_first_s": round(first, 3),
        "out_of_the_box_later_s": [round(t, 3) for t in auto],
        "out_of_the_box_later_median_s": round(statistics.median(auto), 3),
    }


def _out_of_the_box(
    data: Path, runs: int
) -> tuple[float, list[float], set[tuple[str, tuple[str, ...]]]]:
    """One cold ask that starts a background server (the default), then `runs` more once
    that server answers; the server is stopped afterwards."""
    from bot.answer_client import server_answers, socket_path
    from bot.background_server import LOG_NAME

    first, answers = _timed_asks(data, 1, auto_serve_minutes=5)
    log = data / LOG_NAME
    deadline = time.monotonic() + 180
    while not server_answers(socket_path(data)):
        if time.monotonic() > deadline:
            raise SystemExit(
                f"no background server started: {log.read_text() if log.exists() else ''}"
            )
        time.sleep(0.5)
    try:
        later, later_answers = _timed_asks(data, runs, auto_serve_minutes=5)
    finally:
        for pid in re.findall(r"pid (\d+)", log.read_text()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGTERM)
    return first[0], later, answers | later_answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="processes timed each way")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f'factdesk ask "{QUESTION}" as a whole process, {args.runs} runs each')
    print(f"  cold (no server):        median {result['cold_median_s']:.3f} s")
    print(
        f"  with factdesk serve:     median {result['served_median_s']:.3f} s "
        f"({result['speed_up']}x faster; target {TARGET_S} s: "
        f"{'met' if result['served_meets_target'] else 'missed'})"
    )
    print(
        f"  out of the box:          first {result['out_of_the_box_first_s']:.3f} s (starts a "
        f"server), then median {result['out_of_the_box_later_median_s']:.3f} s"
    )


if __name__ == "__main__":
    main()
