DJANGO_APPS = ["django.contrib.contenttypes"]
INSTALLED_APPS = DJANGO_APPS + ["djust", "shop.apps.ShopConfig"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["templates"], "APP_DIRS": True}]
