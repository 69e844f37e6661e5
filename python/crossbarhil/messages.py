"""The generated protobuf modules under short names, with a clear error when they were never built."""

try:
    from .pb import common_pb2 as common
    from .pb import control_pb2 as control
    from .pb import envelope_pb2 as envelope
    from .pb import measure_pb2 as measure
    from .pb import program_pb2 as program
    from .pb import session_pb2 as session
except ImportError as e:  # pragma: no cover - depends on the installation
    raise ImportError("crossbarhil's protobuf bindings are missing (%s): install the package with "
                      "'pip install ./python' (it runs protoc), or generate them with "
                      "'python3 python/_build/codegen.py'" % e) from e

Request = envelope.Request
Response = envelope.Response
Event = envelope.Event
Status = common.Status

__all__ = ["common", "control", "envelope", "measure", "program", "session", "Request", "Response", "Event",
           "Status"]
