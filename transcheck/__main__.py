import sys

from transcheck.cli import main

sys.exit(main())
