"""Errors by kind, mirroring the Java driver (docs/driver.md, "Errors, by kind").

Caller bugs (a tile outside the geometry, NaN, an unknown URI parameter) are ValueError; nothing
is sent. Everything the board or the link did is a CrossbarError subclass.
"""


class CrossbarError(Exception):
    """Base of the errors that come from a board or its link."""


class BoardLinkError(CrossbarError, OSError):
    """The link failed: cannot connect, a read timed out, the link is down and the request was
    never sent, the board was closed. Java: BoardLinkException."""


class OutcomeUnknownError(BoardLinkError):
    """A write-class request went out but no answer came, even after retransmissions with the same
    key. It may or may not have run: call Board.resolve_outcome(seq) while `resolvable`, never
    send it again as a new request. Java: OutcomeUnknownException."""

    def __init__(self, message, seq, resolvable=True):
        super().__init__(message)
        self.seq = seq
        self.resolvable = resolvable


class BoardStatusError(CrossbarError):
    """The board answered with a status other than OK; `status` is its name without the STATUS_
    prefix ("INVALID_ARGUMENT", "VERSION_MISMATCH", ...), `code` its number. Nothing was applied,
    except for ABORTED and DEVICE_FAULT (the message says how much ran). Java: BoardStatusException."""

    def __init__(self, message, status, code=None, board_message=""):
        super().__init__(message)
        self.status = status
        self.code = code
        self.board_message = board_message


class EnvelopeError(BoardStatusError):
    """The client's own envelope check refused the request before sending anything (status
    OUT_OF_ENVELOPE, as the board would have answered). Java: EnvelopeException."""

    def __init__(self, message):
        super().__init__(message, "OUT_OF_ENVELOPE", 3)
