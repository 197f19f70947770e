"""`python -m bot`: the same as the `newsqa-bot` console script."""

import sys

from .app import main

if __name__ == "__main__":
    sys.exit(main())
