"""The `lakou` console command: Django's manage.py with friendlier command names."""

from __future__ import annotations

import os
import sys

# `import` is a Python keyword, so its module has another name.
ALIASES = {"import": "import_data"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1:
        # Commands are written with hyphens in the README (`seed-demo`); modules use underscores.
        argv[1] = ALIASES.get(argv[1], argv[1].replace("-", "_"))
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
