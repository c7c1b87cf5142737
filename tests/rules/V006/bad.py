import boto3
import httpx
import redis
import requests
from django.conf import settings
from requests import Session

from djust import LiveComponent, LiveView
from djust.decorators import event_handler

from .payments import PaymentGateway, SearchService, WeatherClient


class WeatherView(LiveView):
    template_name = "weather/forecast.html"

    def mount(self, request, **kwargs):
        self.client = WeatherClient(api_key=settings.WEATHER_KEY)
        self.http = requests.Session()
        self.api = httpx.Client(timeout=5)
        self.store = boto3.client("s3")
        self.cache = redis.Redis.from_url(settings.REDIS_URL)
        self.feed = self.backup = Session()
        self.forecast = []

    @event_handler()
    def checkout(self, **kwargs):
        self.gateway = PaymentGateway(settings.STRIPE_KEY)

    @event_handler()
    def search(self, value: str = "", **kwargs):
        self.search_service = SearchService(index="products")
        self.forecast = self.search_service.query(value)


class UploadBox(LiveComponent):
    template = "<div>{{ files|length }}</div>"

    def mount(self, **kwargs):
        self.bucket = boto3.resource("s3")
        self.files = []
