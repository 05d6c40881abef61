from django.core.cache import cache
from django_tasks import task


@task()
def remember(key, value):
    cache.set(key, value, 60)


@task()
def count(key):
    cache.set(key, (cache.get(key) or 0) + 1, 60)
