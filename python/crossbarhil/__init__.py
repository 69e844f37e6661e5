"""Python client of the Crossbar HIL board protocol (crossbar.v1, docs/protocol.md).

    import crossbarhil
    with crossbarhil.open_board("tcp://127.0.0.1:7700") as board:
        print(board.read_tile(0))
"""

from .client import (Board, OuterProductResult, Pulse, PulseReadResult, RampResult, VmmResult, WriteVerifyResult,
                     open_board)
from .errors import BoardLinkError, BoardStatusError, CrossbarError, EnvelopeError, OutcomeUnknownError
from .session import PROTOCOL_MAJOR, PROTOCOL_MINOR, Options

__all__ = ["Board", "BoardLinkError", "BoardStatusError", "CrossbarError", "EnvelopeError", "Options",
           "OuterProductResult", "OutcomeUnknownError", "PROTOCOL_MAJOR", "PROTOCOL_MINOR", "Pulse", "PulseReadResult",
           "RampResult", "VmmResult", "WriteVerifyResult", "open_board"]
