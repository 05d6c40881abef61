"""Learning's screens in the operators' Wagtail admin (the "Learning" menu)."""
