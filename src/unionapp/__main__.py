"""python -m unionapp"""

import sys

from unionapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
