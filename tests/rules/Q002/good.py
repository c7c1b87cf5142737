import logging

from djust import LiveView
from djust.decorators import event_handler

logger = logging.getLogger(__name__)


def sync_orders(orders):
    logger.info("syncing %d orders", len(orders))
    logger.debug("sync started")
    message = f"{len(orders)} orders synced"
    logger.info(message)
    return message


class OrdersView(LiveView):
    template_name = "orders/list.html"

    def mount(self, request, **kwargs):
        self.user_id = request.user.pk
        self.status = f"Signed in as {request.user.get_short_name()}"
        logger.debug("mount by %s", self.user_id)

    @event_handler()
    def cancel_order(self, order_id: int = 0, **kwargs):
        logger.log(logging.WARNING, "cancelling %s for %s", order_id, self.user_id)
        try:
            self.cancelled = order_id
        except ValueError:
            logger.exception("cancel of %s failed", order_id)
            self.error = f"Order {order_id} could not be cancelled."
