INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop"]
LIVEVIEW_CONFIG = {"use_websocket": True}
DJUST_CONFIG = {"STATE_BACKEND": "memory"}
DJUST_CONFIG["event_security"] = "warn"
