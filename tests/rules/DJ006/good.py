from djust import LiveView
from djust.components import ui
from djust.components.components import Button, StatCard


class EditorView(LiveView):
    template_name = "editor/page.html"

    def mount(self, request, **kwargs):
        options = {"variant": "primary"}
        self.save_button = Button(label="Save", **options)
        self.revenue = StatCard(label="Revenue", value="$12", trend="up")
        self.cancel_button = ui.Button("Cancel", outline=True)
