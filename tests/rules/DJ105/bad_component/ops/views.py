from djust import LiveView
from djust.components.components import Accordion, Button
from djust.decorators import event_handler


class PanelView(LiveView):
    template_name = "ops/panel.html"

    def mount(self, request, **kwargs):
        self.restart_button = Button(label="Restart", action="restar")
        self.stop_button = Button(label="Stop", action="stop_service")
        self.sections = Accordion(items=[], event="toggle_section")

    @event_handler()
    def restart(self, **kwargs):
        self.restarted = True

    def stop_service(self, **kwargs):
        self.stopped = True

    @event_handler()
    def toggle_section(self, value: str = "", **kwargs):
        self.open_section = value
