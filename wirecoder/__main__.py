"""`python -m wirecoder …` runs the command line, like the `wirecoder` script."""
from wirecoder.cli import main

main()
