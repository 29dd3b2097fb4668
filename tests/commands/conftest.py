from commands_fixtures import workdir

__all__ = ["workdir"]
