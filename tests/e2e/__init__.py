"""End-to-end tests: a real discord.py bot against a loopback Discord stand-in."""
