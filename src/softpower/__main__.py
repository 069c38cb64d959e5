"""`python -m softpower` runs the command line."""

from softpower.cli import main

main()
