"""``python -m pat_models``: the command line."""

import sys

from .cli import main

sys.exit(main())
