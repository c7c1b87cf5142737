INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop", "blog", "shopfront"]
LIVEVIEW_ALLOWED_MODULES = ["blog.views.public"]
