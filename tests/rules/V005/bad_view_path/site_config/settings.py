INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop", "shop_internal"]
LIVEVIEW_ALLOWED_MODULES = ["shop.views"]
