"""Hypothesis settings of the fuzz tests: the same examples on every CI run, new ones on a developer's machine.

In CI (`CI` set, as .ci/run does) `derandomize=True`: a fuzz test that fails there fails again on the next run
with the same example, never by luck. Locally the examples are random and hypothesis keeps failing ones in its
database (.hypothesis/), so a failure found once comes back first until it is fixed.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=IN_CI,
        database=None if IN_CI else settings().database,
        print_blob=True,
        # Reports are large on purpose, and their generation is what takes the time.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
