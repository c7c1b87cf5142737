INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop", "core"]
LIVEVIEW_ALLOWED_MODULES = ["shop."]
