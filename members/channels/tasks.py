"""Celery tasks of the delivery channels: fetch by id, call a service.

delivery_send retries with exponential backoff on a worker (countdown from services.retry_delay);
when tasks run in-process (the embedded default) a failed try is left to the periodic scan
(deliveries_send_due, every few minutes), which also sends what waited for the end of quiet hours."""

from celery import shared_task
from django.utils import timezone

from cppcc.jobs import run_recorded

from . import services


@shared_task(name="members.channels.tasks.delivery_send", bind=True, max_retries=None, acks_late=True)
def delivery_send(self, delivery_id: int) -> str:
    outcome = services.delivery_send(delivery_id=delivery_id)
    if outcome == "retry" and not self.request.is_eager:
        from .models import Delivery

        delivery = Delivery.objects.get(pk=delivery_id)
        countdown = max(1, int((delivery.not_before - timezone.now()).total_seconds()))
        raise self.retry(countdown=countdown)
    return outcome


@shared_task(name="members.channels.tasks.deliveries_send", bind=True, acks_late=True)
def deliveries_send(self, delivery_ids: list[int]) -> int:
    """Send a batch of deliveries planned together (the jobs' notices: one task per batch). A
    delivery to retry is handed to delivery_send at its next try on a worker; in-process it is
    left to the periodic scan (deliveries_send_due)."""
    sent = 0
    for pk in delivery_ids:
        outcome = services.delivery_send(delivery_id=pk)
        sent += outcome == "sent"
        if outcome == "retry" and not self.request.is_eager:
            from .models import Delivery

            delivery = Delivery.objects.get(pk=pk)
            countdown = max(1, int((delivery.not_before - timezone.now()).total_seconds()))
            delivery_send.apply_async((pk,), countdown=countdown)
    return sent


@shared_task(name="members.channels.tasks.deliveries_send_due")
def deliveries_send_due(trigger: str = "schedule") -> int:
    return run_recorded("channel-deliveries", _send_due, trigger=trigger)


def _send_due(*, today=None) -> int:
    sent = 0
    for pk in services.deliveries_due():
        sent += services.delivery_send(delivery_id=pk) == "sent"
    return sent
