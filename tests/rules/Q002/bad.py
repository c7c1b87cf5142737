import logging
import logging as lg

from djust import LiveView
from djust.decorators import event_handler

logger = logging.getLogger(__name__)
audit = logging.getLogger("audit")


def sync_orders(orders):
    logger.info(f"syncing {len(orders)} orders")
    logging.error(f"sync failed for {orders[0].pk}")
    lg.warning(f"slow sync: {len(orders)}")
    logging.getLogger(__name__).debug(f"orders: {orders}")


class OrdersView(LiveView):
    template_name = "orders/list.html"
    logger = logging.getLogger("orders.view")

    def mount(self, request, **kwargs):
        self.user_id = request.user.pk
        self.logger.debug(f"mount by {self.user_id}")
        audit.info(f"user {self.user_id} opened the order list")

    @event_handler()
    def cancel_order(self, order_id: int = 0, **kwargs):
        logger.log(logging.WARNING, f"cancelling {order_id}")
        try:
            self.cancelled = order_id
        except ValueError:
            logger.exception(
                f"cancel of {order_id} failed "
                f"for user {self.user_id}"
            )
