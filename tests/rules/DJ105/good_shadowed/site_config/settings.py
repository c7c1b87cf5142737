INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop", "legacy"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
    }
]
