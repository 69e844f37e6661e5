"""Test setup: the bindings are generated from the checkout's .proto files into a temporary
directory (never committed), the package is imported from the source tree, and `sim` serves a
simulated board with `crossbar sim --listen 127.0.0.1:0` from cli/target/crossbar.jar."""

import atexit
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

import pytest

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(PYTHON_DIR)
JAR = os.path.join(REPO, "cli", "target", "crossbar.jar")
GOLDEN = os.path.join(REPO, "protocol", "src", "test", "resources", "golden")


def _generate_bindings():
    sys.path.insert(0, os.path.join(PYTHON_DIR, "_build"))
    import codegen
    out = tempfile.mkdtemp(prefix="crossbarhil-pb-")
    atexit.register(shutil.rmtree, out, True)
    codegen.generate(out)
    os.environ["CROSSBARHIL_PB_DIR"] = out


# before any test module imports crossbarhil: the source tree, with freshly generated bindings
_generate_bindings()
sys.path.insert(0, PYTHON_DIR)


class Simulator:
    """A `crossbar sim` process; where is what its ready line said."""

    def __init__(self, *args, timeout=60):
        java = shutil.which("java")
        if java is None:
            pytest.skip("java is not on PATH: the simulator cannot run")
        if not os.path.isfile(JAR):
            pytest.skip("%s is missing: build it with ./mvnw -B -o -q -DskipTests package" % JAR)
        self.process = subprocess.Popen([java, "-jar", JAR, "sim"] + list(args), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.where = self._ready(timeout)

    def _ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], deadline - time.monotonic())
            if not ready:
                break
            line = self.process.stdout.readline()
            if not line:
                break
            if line.startswith("ready: "):
                return line[len("ready: "):].strip()
        self.close()
        raise RuntimeError("crossbar sim printed no ready line within %d s: %s" % (timeout, self.process.stderr.read()))

    @property
    def uri(self):
        kind, address = self.where.split(" ", 1)
        assert kind == "tcp", self.where
        return "tcp://" + address

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture(scope="session")
def sim():
    """One simulated board (ideal-2x64: deterministic devices) shared by the tests; each test opens
    its own Board, so its own session."""
    s = Simulator("--listen", "127.0.0.1:0", "--profile", "ideal-2x64", "--seed", "3")
    yield s
    s.close()


@pytest.fixture
def board(sim):
    import crossbarhil
    b = crossbarhil.open_board(sim.uri + "?timeout=5&client=pytest")
    yield b
    b.close()


@pytest.fixture
def golden():
    def read(name):
        with open(os.path.join(GOLDEN, name + ".hex")) as f:
            return bytes.fromhex("".join(f.read().split()))
    return read
