"""newsqa's Telegram bot; depends on `retrieval`, never the reverse."""
