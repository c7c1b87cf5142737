from djust import LiveComponent, LiveView
from djust.decorators import event_handler

from .ai import render_answer, render_chunk


class AskView(LiveView):
    template_name = "ai/ask.html"

    def mount(self, request, **kwargs):
        self.prompt = ""

    @event_handler()
    def ask(self, prompt: str = "", **kwargs):
        self.prompt = prompt
        self.stream_to("answer", html=render_answer(prompt))

    @event_handler()
    async def ask_async(self, prompt: str = "", **kwargs):
        self.stream_to("answer", html=render_answer(prompt))

    @event_handler()
    async def ask_many(self, prompts: str = "", **kwargs):
        for prompt in prompts.split(";"):
            result = self.stream_to("answer", target="#answers", html=render_chunk(prompt))
            self.last = result


class LogTail(LiveComponent):
    template = "<pre dj-stream='lines'></pre>"

    def mount(self, **kwargs):
        self.lines = []

    @event_handler()
    def follow(self, **kwargs):
        self.stream_to("lines", html="<p>following</p>")
