"""Celery tasks of the network; each is idempotent (at-least-once delivery)."""

from celery import shared_task

from network import placement, snapshots


@shared_task(acks_late=True)
def recompute_snapshots():
    return snapshots.recompute()


@shared_task(acks_late=True)
def place_expired_holding_tank():
    return placement.place_expired_holding_tank()
