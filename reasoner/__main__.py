"""`python -m reasoner` runs the command line."""

import sys

from reasoner.cli import main

sys.exit(main())
