import sys

from sme2go.cli import main

sys.exit(main())
