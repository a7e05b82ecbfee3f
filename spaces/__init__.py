"""Real-time discussion over Channels: spaces, rooms, messages, live notifications."""
