"""The protobuf bindings of crossbar.v1, generated from protocol/src/main/proto at build time
(python/_build/codegen.py), never committed. An uninstalled checkout (the tests) generates them
into a directory of its own and names it in CROSSBARHIL_PB_DIR, which joins this package's path."""

import os

_generated = os.environ.get("CROSSBARHIL_PB_DIR")
if _generated:
    __path__.append(_generated)
