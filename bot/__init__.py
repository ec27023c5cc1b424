"""Front ends: the `factdesk` command line (and, later, the Discord bot)."""
