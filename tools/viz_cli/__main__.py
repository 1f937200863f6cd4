"""`python -m tools.viz_cli ...` is `autograd-viz ...`."""
import sys

from .main import main

sys.exit(main())
