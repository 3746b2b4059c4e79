"""``python -m learnshelf``."""

import sys

from learnshelf.cli.main import main

sys.exit(main())
