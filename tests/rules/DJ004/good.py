import asyncio

from djust import LiveView
from djust.decorators import event_handler

from .ai import answer_chunks, render_chunk


class AskView(LiveView):
    template_name = "ai/ask.html"

    def mount(self, request, **kwargs):
        self.prompt = ""
        self.done = False

    @event_handler()
    async def ask(self, prompt: str = "", **kwargs):
        self.prompt = prompt
        async for chunk in answer_chunks(prompt):
            await self.stream_to("answer", html=render_chunk(chunk))
        self.done = True

    @event_handler()
    async def compare(self, prompt: str = "", **kwargs):
        await asyncio.gather(
            self.stream_to("left", html=render_chunk(prompt)),
            self.stream_to("right", html=render_chunk(prompt[::-1])),
        )

    @event_handler()
    def reset(self, **kwargs):
        self.prompt = ""
        self.stream("answers", [])


class Broadcaster:
    """Not a view: its own stream_to is synchronous."""

    def stream_to(self, channel, html=None):
        return (channel, html)

    def announce(self, text):
        self.stream_to("news", html=text)
