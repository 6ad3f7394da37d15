"""Run the command-line interface with ``python -m afweging``."""

from afweging.cli import main

main()
