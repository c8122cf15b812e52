"""Run the command line: python -m quotes."""

import sys

from .cli import main

sys.exit(main())
