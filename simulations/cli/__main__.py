"""``python -m simulations.cli``: the same as the ``cfl`` command."""

import sys

from .main import main

if __name__ == "__main__":
    sys.exit(main())
