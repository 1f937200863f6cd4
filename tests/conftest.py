"""Shared test settings: hypothesis without deadlines (gradchecks vary in time), a moderate
number of examples so the whole suite stays within minutes on 2 cores. Under CI (CI=true) the examples
are derandomized, the same on every run, so a submission's CI result does not depend on luck; locally
hypothesis keeps exploring new ones."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "glassgrad", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("CI") == "true",
)
settings.load_profile("glassgrad")
