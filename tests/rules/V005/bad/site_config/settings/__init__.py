from .base import *  # noqa: F403

LIVEVIEW_ALLOWED_MODULES += ["shop."]
