"""Run the command-line interface with ``python -m afweging``."""

from afweging.cli.app import main

main()
