"""`python -m bot` runs the Discord bot (the same as `factdesk bot`)."""

import sys

from bot.runner import run_bot
from knowledge import FactdeskError

if __name__ == "__main__":
    try:
        run_bot()
    except FactdeskError as error:
        sys.exit(f"Error: {error}")
