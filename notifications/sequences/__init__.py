"""Behaviour-triggered sequences: staff-configured messages sent to partners when
something happens (they join, stop signing in, stall in a course...), each sequence an
experiment with a holdout group, and its funnel and experiment report."""
