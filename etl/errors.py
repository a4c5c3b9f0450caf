"""The one error type the ETL raises for bad input, so the CLI can name file and line and exit non-zero."""


class SourceError(Exception):
    """Bad input: carries the file (and line, where known) so the message points a person at the spot."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        location = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{location}: {message}")

    def __reduce__(self):
        """Picklable with its fields, so an error raised in a worker process reaches the command line whole."""
        return type(self), (self.path, self.message, self.line)
