INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop"]
# LIVEVIEW_CONFIG wins a key both set.
LIVEVIEW_CONFIG = {"use_websocket": True, "event_security": "open"}
DJUST_CONFIG = {"event_security": "strict"}
