"""The one exception an import raises for bad input: where (file, line, column) and what."""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    message: str
    file: str = ""

    def __str__(self):
        where = [self.file] if self.file else []
        where += [f"row {self.line}"] if self.line is not None else []
        if self.column:
            where.append(f"column “{self.column}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportValidationError(Exception):
    """Bad input: nothing was written. `problems` lists each, the first is `line`/`column`/`message`."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def in_file(self, name: str) -> "ImportValidationError":
        """The same problems, each saying which file it is in."""
        return ImportValidationError([replace(p, file=p.file or name) for p in self.problems])

    @property
    def line(self) -> int | None:
        return self.problems[0].line

    @property
    def column(self) -> str:
        return self.problems[0].column

    @property
    def message(self) -> str:
        return self.problems[0].message
