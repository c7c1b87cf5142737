from djust import LiveView
from djust.decorators import action, event_handler
from djust.decorators import permission_required as require_perm

from .models import Invoice


class InvoiceList(LiveView):
    template_name = "billing/invoices.html"
    login_required = True

    def mount(self, request, **kwargs):
        self.selected = 0

    @event_handler()
    def delete_invoice(self, invoice_id: int = 0, **kwargs):
        Invoice.objects.filter(pk=invoice_id).delete()

    @action(description="Create a draft invoice")
    def create_invoice(self, **kwargs):
        Invoice.objects.create(owner=self.request.user)

    @event_handler()
    def select_invoice(self, invoice_id: int = 0, **kwargs):
        self.selected = invoice_id

    @event_handler()
    @require_perm("billing.change_invoice")
    def update_invoice(self, invoice_id: int = 0, **kwargs):
        self.selected = invoice_id


class Reports(LiveView):
    template_name = "reports/list.html"
    permission_required = "reports.view_report"

    def mount(self, request, **kwargs):
        self.period = "month"

    @event_handler
    def save_report(self, **kwargs):
        self.period = "month"
