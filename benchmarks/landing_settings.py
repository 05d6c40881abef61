"""Settings for `python -m benchmarks landing`: the demo's, with DEBUG off as in production
(the render figures switch it on in their own process to count queries)."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
