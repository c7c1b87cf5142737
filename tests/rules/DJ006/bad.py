from djust import LiveView
from djust.components import ui
from djust.components.components import Button, StatCard


class EditorView(LiveView):
    template_name = "editor/page.html"

    def mount(self, request, **kwargs):
        # components.Button takes **kwargs: text= is accepted and never read (it reads label).
        self.save_button = Button(text="Save", variant="primary")
        self.revenue = StatCard(label="Revenue", value="$12", trnd="up")
        # ui.Button has no **kwargs: label= raises TypeError (it reads text).
        self.cancel_button = ui.Button(label="Cancel")
