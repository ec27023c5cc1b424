"""`python -m bot` runs the Discord bot (the same as `factdesk bot`)."""

from bot.runner import run_bot

if __name__ == "__main__":
    run_bot()
