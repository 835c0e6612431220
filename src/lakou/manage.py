"""The `lakou` console command: Django's manage.py with friendlier command names."""

from __future__ import annotations

import os
import sys

# Commands read in the README with hyphens map to Python module names.
ALIASES = {
    "import": "import_data",
    "seed-demo": "seed_demo",
    "demo-logins": "demo_logins",
    "demo-totp": "demo_totp",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
