"""``python -m learnshelf``."""

import sys

from learnshelf.cli import main

sys.exit(main())
