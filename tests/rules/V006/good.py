import requests
from django.conf import settings

from djust import LiveView
from djust.decorators import event_handler

from .services import WeatherClient


class WeatherView(LiveView):
    template_name = "weather/forecast.html"

    def mount(self, request, **kwargs):
        self._client = WeatherClient(api_key=settings.WEATHER_KEY)
        self.client_name = "open-meteo"
        self.session_key = request.session.session_key
        self.city = kwargs.get("city", "Lisbon")
        self.forecast = self._client.forecast(self.city)

    @event_handler()
    def change_city(self, value: str = "", **kwargs):
        self.city = value
        self.forecast = self._client.forecast(value)

    @event_handler()
    def refresh_radar(self, **kwargs):
        with requests.Session() as session:
            response = session.get(settings.RADAR_URL, timeout=5)
        self.radar_url = response.json().get("image", "")


class ForecastCache:
    """A plain helper: its session never reaches a template."""

    def __init__(self):
        self.session = requests.Session()
        self.client = WeatherClient(api_key=settings.WEATHER_KEY)
