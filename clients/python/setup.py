"""Generates the messages and stubs from the repository's proto/ before the package is built.

Everything else about the package is in pyproject.toml. Generation runs before setup(), not in
a build step, because setuptools lists the package's modules (users_client.gen.*) when setup()
starts: generated later, a fresh checkout would build a package without them.
"""
import subprocess
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
GENERATE = HERE.parent / "generate"
GENERATED = HERE / "src" / "users_client" / "gen"

if GENERATE.exists():
    subprocess.run([str(GENERATE), "python"], check=True)
elif not (GENERATED / "users" / "v1" / "user_service_pb2.py").exists():
    raise SystemExit(f"users-client: neither {GENERATE} nor generated code in {GENERATED}")

setup()
