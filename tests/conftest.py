"""Shared test setup. On CI, Hypothesis runs a fixed sequence of examples (derandomize), so a
run is repeatable; locally every run explores new ones."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
