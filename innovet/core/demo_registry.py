"""The demo and scale-data registry.

Each InnoVET app may have a ``demo.py`` with ``load(ctx)`` (realistic Flemish demo content) and a
``scale.py`` with ``generate(ctx)`` (large deterministic volumes for benchmarks). The commands
``load_demo`` and ``generate_scale`` call them in INSTALLED_APPS order, so an app can use what the
apps before it created (``ctx.orgs``, ``ctx.users``).
"""

import importlib
import random
from dataclasses import dataclass, field

from django.apps import apps

DEMO_PASSWORD = "InnoVET-demo-2026"


@dataclass
class Context:
    seed: int = 2018
    scale: int = 0
    stdout: object = None
    rng: random.Random = None
    users: dict = field(default_factory=dict)  # key (e.g. "leerkracht") -> User
    orgs: dict = field(default_factory=dict)  # slug -> Organisation
    extra: dict = field(default_factory=dict)  # anything an app wants to hand to later apps

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def say(self, text):
        if self.stdout:
            self.stdout.write(text)


def innovet_modules(module_name):
    for config in apps.get_app_configs():
        if not config.name.startswith("innovet."):
            continue
        try:
            yield config.label, importlib.import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
