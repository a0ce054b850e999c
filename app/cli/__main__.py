"""`python -m app.cli`: run the strongroom command line."""

import sys

from app.cli.main import main

sys.exit(main())
