from django.test import TestCase
from djust import LiveView
from djust.testing import LiveViewTestClient

from shop.models import Product


def test_mount_keeps_the_products():
    # Test scaffolding: a class that exists only while the test runs is no view of the project,
    # so neither the allowed modules nor its missing template matter.
    class ProductsView(LiveView):
        def mount(self, request):
            self.products = Product.objects.all()

    client = LiveViewTestClient(ProductsView)
    client.mount()
    assert client.view_instance.products is not None


class MountTests(TestCase):
    def test_mount(self):
        class EmptyView(LiveView):
            def mount(self, request):
                self.products = Product.objects.none()

        LiveViewTestClient(EmptyView).mount()
