from .base import DashboardBase


class SalesDashboard(DashboardBase):
    template_name = "app/sales.html"
