"""The dependency rules between the apps (README, "Layout"; `.importlinter`): an app imports
only the apps below it, no two modules of an app import each other (even from inside a
function), and the compensation engine imports neither Django nor any app."""

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests", "benchmarks", "locale", "static", "templates", "media", "staticfiles"}


def contracts():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config


def test_the_apps_depend_downwards_without_circles_and_the_engine_is_pure():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
         " sys.exit(lint_imports_command())", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_every_package_of_ours_is_under_the_rules():
    """A new app outside the contract would not be checked at all."""
    packages = {
        path.parent.name for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APPS
    }
    listed = set(contracts()["importlinter"]["root_packages"].split())
    layers = {
        name.strip()
        for line in contracts()["importlinter:contract:layers"]["layers"].split("\n")
        for name in line.split("|") if name.strip()
    }
    assert packages == listed == layers
