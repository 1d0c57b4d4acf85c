"""assess_parallel: results in input order equal to the engine's, a bounded number of
chunks in flight, and a caller that stops early does not leave the pool hanging."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from postcheck.engine import Context, Engine, Post
from postcheck.engine.parallel import assess_parallel


def test_results_in_order_and_equal_to_the_engine(engine: Engine) -> None:
    # each flagged post's finding sits at its own offset, so any reordering shows
    posts = [
        (Post(" " * (i % 997) + "vote NDP" if i % 3 == 0 else f"lunch {i}"), Context())
        for i in range(5000)
    ]
    out = list(assess_parallel(iter(posts), workers=2, chunk_size=256))
    want = engine.assess_batch(posts)
    assert out == want
    flagged = [a.findings[0].start for a in want if a.findings]
    assert len(flagged) > 1500 and len(set(flagged)) > 900


def test_input_is_not_read_far_ahead_of_the_results() -> None:
    read = [0]

    def items():
        for i in range(100_000):
            read[0] += 1
            yield Post(f"post {i}"), Context()

    gen = assess_parallel(items(), workers=2, chunk_size=100)
    for k, _a in enumerate(gen):
        if k == 1000:
            break
    # at most 2 * workers + 2 chunks in flight past what was consumed, plus the one
    # the feeder holds while it waits
    assert read[0] <= 1000 + (2 * 2 + 3) * 100, read[0]
    gen.close()


def test_stopping_early_does_not_hang() -> None:
    code = textwrap.dedent(
        """
        from postcheck.engine import Context, Post
        from postcheck.engine.parallel import assess_parallel
        gen = assess_parallel(((Post(f"post {i}"), Context()) for i in range(10**6)), workers=2)
        for k, _ in enumerate(gen):
            if k == 2000:
                break
        gen.close()
        print("done")
        """
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "done" in r.stdout, r.stderr
