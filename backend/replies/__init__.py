"""Workers' replies to a child's statement, passed to the child through the bot."""
