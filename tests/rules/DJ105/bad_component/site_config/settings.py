INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "ops"]
