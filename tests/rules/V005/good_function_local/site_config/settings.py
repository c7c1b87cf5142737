INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop"]
LIVEVIEW_ALLOWED_MODULES = ["shop."]
