from djust import LiveView


class CounterView(LiveView):
    def mount(self, request, **kwargs):
        self.count = 0


class Base(LiveView):
    pass


class Child(Base):
    def mount(self, request, **kwargs):
        self.count = 0


class Grandchild(Child):
    pass
