"""Generates the messages and stubs from the repository's proto/ before the package is built.

Everything else about the package is in pyproject.toml; this file only hooks the generation into
setuptools' build_py, so that `pip install` builds what it installs from the protos of this checkout.
"""
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
GENERATE = HERE.parent / "generate"
GENERATED = HERE / "src" / "users_client" / "gen"


class GenerateThenBuild(build_py):
    def run(self):
        if GENERATE.exists():
            subprocess.run([str(GENERATE), "python"], check=True)
        elif not (GENERATED / "users" / "v1" / "user_service_pb2.py").exists():
            raise SystemExit(f"users-client: neither {GENERATE} nor generated code in {GENERATED}")
        super().run()


setup(cmdclass={"build_py": GenerateThenBuild})
