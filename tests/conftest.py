import os

from hypothesis import HealthCheck, settings

# Deterministic property tests: CI must not flake on a lucky draw.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("TROPSAGE_HYPOTHESIS", "ci"))
