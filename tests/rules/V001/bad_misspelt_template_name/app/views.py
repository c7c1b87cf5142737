from djust import LiveView


class RoomView(LiveView):
    template_name = "app/rom.html"

    def mount(self, request, **kwargs):
        self.messages = []


class LoginView(LiveView):
    # Folder no template of the project uses: an installed app (allauth) may provide it.
    template_name = "account/login.html"

    def mount(self, request, **kwargs):
        self.error = ""


class RoomListView(LiveView):
    # Letters swapped within a word: a misspelling of app/room_list.html.
    template_name = "app/room_lsit.html"

    def mount(self, request, **kwargs):
        self.rooms = []
