"""Ticks the 90-day plan's automatic tasks from what the platform already knows.

(placeholder: connect() is filled in by the journey work)"""


def connect():
    pass
