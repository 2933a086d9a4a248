"""`python -m qualcode ...` runs the command line, as `qualcode ...` does."""

from .cli import main

main()
