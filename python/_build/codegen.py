"""Generates the protobuf bindings of protocol/src/main/proto with protoc (Debian's
protobuf-compiler) into a package directory. The one home of code generation: the build backend
and the tests' conftest both call generate().

protoc writes `from crossbar.v1 import common_pb2`, an absolute import of the proto package; the
bindings live inside crossbarhil.pb instead (a top-level `crossbar` package would collide with
anything else of that name), so those imports become relative.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROTO_ROOT = os.path.join(HERE, "..", "..", "protocol", "src", "main", "proto")
PROTO_PACKAGE_DIR = os.path.join("crossbar", "v1")
_IMPORT = re.compile(r"^from crossbar\.v1 import (\w+_pb2)", re.MULTILINE)


def proto_root():
    # an sdist carries its own copy under proto/; a checkout has them in protocol/
    bundled = os.path.join(HERE, "..", "proto")
    root = os.environ.get("CROSSBAR_PROTO_ROOT") or (bundled if os.path.isdir(bundled) else DEFAULT_PROTO_ROOT)
    root = os.path.abspath(root)
    if not os.path.isdir(os.path.join(root, PROTO_PACKAGE_DIR)):
        raise RuntimeError("no .proto files under %s: build from the crossbar-hil checkout "
                           "(python/ next to protocol/), or set CROSSBAR_PROTO_ROOT" % root)
    return root


def protoc():
    exe = os.environ.get("PROTOC") or shutil.which("protoc")
    if not exe:
        raise RuntimeError("protoc not found: install Debian's protobuf-compiler (apt-get install protobuf-compiler) "
                           "or set PROTOC")
    return exe


def generate(out_dir):
    """Writes <name>_pb2.py for every .proto into out_dir (created); returns the module names."""
    root = proto_root()
    protos = sorted(f for f in os.listdir(os.path.join(root, PROTO_PACKAGE_DIR)) if f.endswith(".proto"))
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [protoc(), "-I", root, "--python_out", tmp] + [os.path.join(PROTO_PACKAGE_DIR, p) for p in protos]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("protoc failed (%s): %s" % (" ".join(cmd), done.stderr.strip()))
        names = []
        for p in protos:
            name = p[:-len(".proto")] + "_pb2"
            with open(os.path.join(tmp, PROTO_PACKAGE_DIR, name + ".py"), encoding="utf-8") as f:
                code = f.read()
            code = _IMPORT.sub(r"from . import \1", code)
            with open(os.path.join(out_dir, name + ".py"), "w", encoding="utf-8") as f:
                f.write(code)
            names.append(name)
    return names


if __name__ == "__main__":
    print("\n".join(generate(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "crossbarhil", "pb"))))
