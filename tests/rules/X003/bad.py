from django.db import connection
from django.db.models.expressions import RawSQL

from .models import Item


def search(name):
    return Item.objects.raw(f"SELECT * FROM shop_item WHERE name = '{name}'")


def by_category(category):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM shop_item WHERE category = '%s'" % category)
        return cursor.fetchall()


def by_sku(sku, owner_id):
    with connection.cursor() as cursor:
        cursor.execute(
            ("SELECT id FROM shop_item "
             "WHERE sku = '{}'").format(sku)
        )
        cursor.execute("SELECT id FROM shop_item " f"WHERE owner_id = {owner_id}")
        return cursor.fetchall()


def rename_all(prefix, rows):
    with connection.cursor() as cursor:
        cursor.executemany("UPDATE shop_item SET name = '" + prefix + "' || name WHERE id = %s", rows)


def sorted_items(column):
    return Item.objects.raw("SELECT * FROM shop_item ORDER BY " + column)


def expensive(min_price, currency):
    return Item.objects.extra(
        select={"local_price": f"price * {currency.rate}"},
        where=["price > %s" % min_price],
    )


def named(name):
    return Item.objects.extra(where=["name = '" + name + "'"])


def with_tax(rate):
    return Item.objects.annotate(gross=RawSQL("price * " + str(rate), []))
