from django.core.exceptions import PermissionDenied

from djust import LiveView
from djust.decorators import event_handler
from djust.decorators import permission_required as require_perm

from .models import Invoice, Note


class InvoiceList(LiveView):
    template_name = "billing/invoices.html"
    # The class attribute shadows the decorator's name in the class body, hence the alias.
    permission_required = "billing.view_invoice"

    def mount(self, request, **kwargs):
        self.selected = 0

    @event_handler()
    @require_perm("billing.delete_invoice")
    def delete_invoice(self, invoice_id: int = 0, **kwargs):
        Invoice.objects.filter(pk=invoice_id).delete()

    @event_handler()
    def update_invoice(self, invoice_id: int = 0, note: str = "", **kwargs):
        if not self.request.user.has_perm("billing.change_invoice"):
            raise PermissionDenied
        Invoice.objects.filter(pk=invoice_id).update(note=note)

    @event_handler()
    def select_invoice(self, invoice_id: int = 0, **kwargs):
        self.selected = invoice_id


class MyNotes(LiveView):
    template_name = "notes/mine.html"
    login_required = True

    def mount(self, request, **kwargs):
        self.count = Note.objects.filter(owner=request.user).count()

    @event_handler()
    def create_note(self, text: str = "", **kwargs):  # noqa: S009 - every user edits only their own notes
        Note.objects.create(owner=self.request.user, text=text)
        self.count += 1


class PublicGuestbook(LiveView):
    template_name = "guestbook/index.html"

    def mount(self, request, **kwargs):
        self.entries = []

    @event_handler()
    def create_entry(self, text: str = "", **kwargs):
        self.entries.append(text[:200])
