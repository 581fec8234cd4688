"""Tools for the bot's admins: segments of learners and broadcasts to them."""
