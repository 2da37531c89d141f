"""Domain errors. The CLI turns each into a message on stderr and a documented exit code.

Exit codes: 0 ok; 1 the data does not conform to the shapes (report printed); 2 bad invocation
(click's own); 3 bad input (a seed, sidecar, decisions file or RDF file we cannot read);
4 a remote service failed (store, endpoint); 5 internal error.
"""

from __future__ import annotations


class DiplographError(Exception):
    """Base class: a problem we can explain to the user."""

    exit_code = 5

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class UsageError(DiplographError):
    """A bad invocation that click cannot see: e.g. an --output folder a build must not replace."""

    exit_code = 2


class InputError(DiplographError):
    """A seed document, sidecar or other input file cannot be used."""

    exit_code = 3


class SidecarError(InputError):
    """A `.meta.yaml` sidecar is malformed or holds an invalid value."""


class MappingError(DiplographError):
    """A mapping module failed or found nothing in a document."""

    exit_code = 3


class NotConformant(DiplographError):
    """The mapped graph violates the SHACL shapes; nothing was published."""

    exit_code = 1

    def __init__(self, message: str, report: object | None = None):
        super().__init__(message)
        self.report = report


class RemoteError(DiplographError):
    """A store or SPARQL endpoint failed, refused or timed out."""

    exit_code = 4
