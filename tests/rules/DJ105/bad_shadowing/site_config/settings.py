INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "legacy", "shop"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
    }
]
