from .catalog import CatalogView
from .legacy import LegacyCatalogView

__all__ = ["CatalogView", "LegacyCatalogView"]
