"""Shared test settings: hypothesis without deadlines (gradchecks vary in time), a moderate
number of examples so the whole suite stays within minutes on 2 cores."""
from hypothesis import HealthCheck, settings

settings.register_profile(
    "glassgrad", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("glassgrad")
