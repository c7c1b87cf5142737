from django.db import connection
from django.db.models.expressions import RawSQL

from djust import LiveView
from djust.decorators import event_handler

from .models import Item

STAGING_TABLE = "shop_item_staging"


def search(name):
    return Item.objects.raw("SELECT * FROM shop_item WHERE name = %s", [name])


def search_like(term):
    return Item.objects.raw("SELECT * FROM shop_item WHERE name LIKE %s", params=[f"%{term}%"])


def rename_all(rows):
    with connection.cursor() as cursor:
        cursor.executemany("UPDATE shop_item SET name = %s WHERE id = %s", rows)


def expensive(min_price, rate):
    return Item.objects.extra(
        select={"local_price": "price * %s"},
        select_params=[rate],
        where=["price > %s"],
        params=[min_price],
    )


def with_tax(rate):
    return Item.objects.annotate(gross=RawSQL("price * %s", [rate]))


def reset_staging():
    with connection.cursor() as cursor:
        # STAGING_TABLE is a constant of this module, not input.
        cursor.execute(f"TRUNCATE {STAGING_TABLE}")  # noqa: X003


class ItemSearch(LiveView):
    template_name = "shop/search.html"

    def mount(self, request, **kwargs):
        self.results = []

    @event_handler()
    def search(self, value: str = "", **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, name, price FROM shop_item "
                "WHERE name ILIKE %s ORDER BY name",
                ["%" + value + "%"],
            )
            self.results = cursor.fetchall()
