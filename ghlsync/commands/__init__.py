"""One module per command; each owns its pipeline from the parsed options to an exit code.

``ghlsync.cli`` parses the command line and calls ``run`` of the command's module, importing
it only then, so a command loads only what it uses. The pipeline steps a command is made of
(load the file, read the location, plan, check, apply) live in their own modules; a command
only strings them together and prints.
"""
