from ghlsync.cli import entry_point

entry_point()
