"""sellerbot: a Telegram tutor that teaches farmers to sell their produce online."""
