"""docs/python.md's example runs against the simulator, and the package installs with pip
offline (the in-tree backend fetches nothing)."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import GOLDEN, PYTHON_DIR, REPO


def python_blocks():
    with open(os.path.join(REPO, "docs", "python.md")) as f:
        return re.findall(r"```python\n(.*?)```", f.read(), re.S)


def test_the_notebook_example_runs(sim, tmp_path, monkeypatch, capsys):
    blocks = python_blocks()
    assert len(blocks) == 1
    monkeypatch.setenv("CROSSBAR_BOARD", sim.uri + "?timeout=5")
    monkeypatch.setenv("CROSSBAR_PLOT", str(tmp_path / "tile0.png"))
    exec(compile(blocks[0], "docs/python.md", "exec"), {})
    out = capsys.readouterr().out
    assert "VMM output" in out and "after a SET pulse" in out
    try:
        import matplotlib  # noqa: F401
        assert (tmp_path / "tile0.png").exists()
    except ImportError:
        assert "no matplotlib" in out


def _pip():
    """A Python that has pip: this one, else python3 on PATH (the build needs only its stdlib)."""
    for python in (sys.executable, shutil.which("python3")):
        if python and subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0:
            return python
    pytest.skip("no Python with pip here (Debian: apt-get install python3-pip)")


def test_pip_installs_the_package_with_generated_bindings_offline(tmp_path):
    python = _pip()
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("CROSSBARHIL_PB_DIR", None)
    done = subprocess.run([python, "-m", "pip", "install", "--no-index", "--no-deps", "--target", str(target),
                           PYTHON_DIR], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "crossbarhil" / "pb" / "envelope_pb2.py").exists()
    # the installed copy, not the source tree, decodes a golden frame
    check = ("import crossbarhil, crossbarhil.framing as f, crossbarhil.messages as m\n"
             "assert crossbarhil.__file__.startswith(%r)\n"
             "w = bytes.fromhex(open(%r).read().replace('\\n', ''))\n"
             "print(m.Request.FromString(f.FrameDecoder().feed(w)[0].payload).hello.client_name)\n"
             % (str(target), os.path.join(GOLDEN, "hello_request.hex")))
    env["PYTHONPATH"] = str(target)
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "crossbar-java"
