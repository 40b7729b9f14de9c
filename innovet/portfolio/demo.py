"""Demo: the demo teachers' portfolio choices (data/demo_portfolio.yaml), through the services."""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from . import services

DATA = Path(__file__).parent / "data" / "demo_portfolio.yaml"


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    User = get_user_model()
    for spec in data["people"]:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            continue
        if spec.get("shared"):
            services.share_portfolio(user)
        else:
            services.revoke_share(user)
        services.set_name_on_school_profile(user, spec.get("name_on_school_profile", False))
