"""The error types the ETL raises for bad input, so the CLI can name file, entry and line and exit non-zero."""

from dataclasses import dataclass


class SourceError(Exception):
    """Bad input: carries the file (and line, where known) so the message points a person at the spot."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        location = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{location}: {message}")

    def __reduce__(self):
        """Picklable with all its fields (subclasses too), so an error raised in a worker process reaches the
        command line whole."""
        return rebuild_error, (type(self), self.args, self.__dict__)

@dataclass(frozen=True)
class Problem:
    """One problem found in a file: the line it is on (and the file, when not the error's own), what to do."""

    line: int | None
    message: str
    path: str | None = None


class ProblemsError(SourceError):
    """Several problems found at once, one `file:line: …` line each, then a summary line."""

    def __init__(self, path, problems: list[Problem], summary: str = "problems"):
        self.problems = problems
        self.summary = summary
        super().__init__(path, problems[0].message, problems[0].line)

    def __str__(self) -> str:
        lines = []
        for problem in self.problems:
            path = problem.path or self.path
            lines.append(f"{path}:{problem.line}: {problem.message}" if problem.line else f"{path}: {problem.message}")
        if len(lines) > 1:
            lines.append(f"{len(lines)} {self.summary}")
        return "\n".join(lines)


class ManifestError(ProblemsError):
    """Every problem found in the manifest."""

    def __init__(self, path, problems: list[Problem]):
        super().__init__(path, problems, f"problems in the manifest {path}")


def rebuild_error(kind: type, arguments: tuple, fields: dict) -> Exception:
    error = Exception.__new__(kind)
    error.args = arguments
    error.__dict__.update(fields)
    return error
