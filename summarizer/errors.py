"""The project's own error types: each carries a message fit for one line on stderr."""

from __future__ import annotations


class SummarizerError(Exception):
    """Anything the user can act on. The CLI prints `str(error)` and exits non-zero."""

    exit_code = 1


class InputError(SummarizerError):
    """The article cannot be read: missing, empty, binary, undecodable, too large."""

    exit_code = 2


class EndpointError(SummarizerError):
    """The model server is unreachable, refuses the request, or keeps failing.

    `transient` says whether trying again (later, or elsewhere) may help: a refused
    connection or a 503 may; a 400, a refused key or an HTML page in place of JSON will not.
    """

    exit_code = 3

    def __init__(self, message: str, *, transient: bool = True, timed_out: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
        self.timed_out = timed_out  # it did not answer within --timeout: asking it again costs as much


class ModelAnswerError(SummarizerError):
    """The model's answer still failed a check of fact after the last attempt."""

    exit_code = 4

    def __init__(self, check: str, detail: str) -> None:
        self.check = check
        super().__init__(f"the model's answer failed the check '{check}' after the last attempt: {detail}")


class ConfigError(SummarizerError):
    """Bad options: an unknown backend, a missing model file, conflicting flags."""

    exit_code = 2


class StreamFailed(SummarizerError):
    """stdout (or stderr) could not take what was written: a full disk, a closed pipe."""

    exit_code = 1  # as for any output file that cannot be written at the time

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(f"cannot write to {name}: {error.strerror or error}")
