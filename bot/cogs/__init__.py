"""The bot's features, one cog each: asking, sources, and server administration."""
