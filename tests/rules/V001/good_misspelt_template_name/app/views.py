from djust import LiveView


class RoomView(LiveView):
    template_name = "app/room.html"

    def mount(self, request, **kwargs):
        self.messages = []


class LoginView(LiveView):
    # Folder no template of the project uses: an installed app (allauth) may provide it.
    template_name = "account/login.html"

    def mount(self, request, **kwargs):
        self.error = ""


class RoomFormView(LiveView):
    # Another word than room_list.html's: another template (perhaps an installed app's), no misspelling.
    template_name = "app/room_form.html"

    def mount(self, request, **kwargs):
        self.rooms = []
