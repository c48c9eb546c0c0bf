"""``python -m bot``: the same as the ``pacsbot`` console script."""

import sys

from bot.cli import main

sys.exit(main())
