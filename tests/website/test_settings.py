"""The production settings: refuse to start without secrets, pass check --deploy cleanly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x9Qv7Lm2Rt8Zp4Wn6Bc1Hd5Jf0Gs3Ya" * 2
# Only named, never connected to by `check` or `shell`.
SHARED_CACHE = "redis://127.0.0.1:6379/9"


def run_manage(*args, **env):
    unset = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_production_check_deploy_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="downline.example.com",
                        REDIS_URL=SHARED_CACHE)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="downline.example.com", REDIS_URL=SHARED_CACHE)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    result = run_manage("check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="downline.example.com")
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, SECRET_KEY=STRONG_KEY,
                        ALLOWED_HOSTS="downline.example.com", REDIS_URL=SHARED_CACHE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.cache.backends.redis.RedisCache"
    )


def test_production_turns_off_the_browsable_api_and_debug():
    code = (
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'],"
        " settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)"
    )
    result = run_manage("shell", "-c", code, SECRET_KEY=STRONG_KEY,
                        ALLOWED_HOSTS="downline.example.com", REDIS_URL=SHARED_CACHE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['rest_framework.renderers.JSONRenderer'] True True"
    )
