"""Command-line commands of this feature (registered by eventapp.cli)."""
commands = []
