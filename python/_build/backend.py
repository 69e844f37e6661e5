"""A PEP 517 build backend from the standard library alone.

Why not setuptools: pip builds in an isolated environment and fetches the backend named in
build-system.requires from an index; a lab network (and CI here) often has none, and Debian's
python3-setuptools is invisible inside that isolation. With requires = [] and this in-tree
backend, `pip install ./python` works offline. Its one extra step is the protobuf bindings,
generated with protoc from the .proto files of the checkout (codegen.py), never committed.
"""

import base64
import hashlib
import io
import os
import tarfile
import tempfile
import zipfile

import codegen

NAME = "crossbarhil"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _project():
    # pyproject.toml is the one place of name, version and dependencies; tomllib is 3.11+.
    try:
        import tomllib
    except ModuleNotFoundError:
        raise RuntimeError("building crossbarhil needs Python 3.11 or newer (tomllib)")
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def _metadata():
    p = _project()
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + p["version"],
             "Summary: " + p["description"], "Requires-Python: " + p["requires-python"]]
    lines += ["Requires-Dist: " + d for d in p.get("dependencies", [])]
    for extra, deps in sorted(p.get("optional-dependencies", {}).items()):
        lines.append("Provides-Extra: " + extra)
        lines += ['Requires-Dist: %s; extra == "%s"' % (d, extra) for d in deps]
    return "\n".join(lines) + "\n"


def _dist_info():
    return "%s-%s.dist-info" % (NAME, _project()["version"])


def _package_files():
    """(archive name, bytes) of the package sources plus freshly generated bindings."""
    files = []
    pkg = os.path.join(ROOT, NAME)
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for f in sorted(filenames):
            if f.endswith(".py") and not f.endswith("_pb2.py"):
                path = os.path.join(dirpath, f)
                with open(path, "rb") as fh:
                    files.append((os.path.relpath(path, ROOT).replace(os.sep, "/"), fh.read()))
    with tempfile.TemporaryDirectory() as tmp:
        for name in codegen.generate(tmp):
            with open(os.path.join(tmp, name + ".py"), "rb") as fh:
                files.append(("%s/pb/%s.py" % (NAME, name), fh.read()))
    return files


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, _dist_info())
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata())
    return _dist_info()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _project()["version"]
    filename = "%s-%s-py3-none-any.whl" % (NAME, version)
    info = _dist_info()
    entries = _package_files()
    entries.append((info + "/METADATA", _metadata().encode()))
    entries.append((info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: crossbarhil-backend\n"
                    b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    record = [_record_line(n, d) for n, d in entries] + [info + "/RECORD,,"]
    entries.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    # The bindings need the .proto files; an sdist carries them so that it builds on its own.
    base = "%s-%s" % (NAME, _project()["version"])
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as tar:
        for rel in ("pyproject.toml", "_build", NAME):
            tar.add(os.path.join(ROOT, rel), arcname=base + "/" + rel,
                    filter=lambda t: None if "__pycache__" in t.name or t.name.endswith("_pb2.py") else t)
        tar.add(codegen.proto_root(), arcname=base + "/proto")
        info = tarfile.TarInfo(base + "/PKG-INFO")
        meta = _metadata().encode()
        info.size = len(meta)
        tar.addfile(info, io.BytesIO(meta))
    return filename
