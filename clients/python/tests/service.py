"""The real users.v1 service for the tests: the built jar, dev profile, its H2 data in a temp dir."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]
TOKEN = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class Service:
    """``java -jar users-service.jar --spring.profiles.active=dev`` on its own ports. Restarting
    keeps the working directory, so the data, the change feed and the dev signing key (hence the
    token) survive, as they would for a real restart."""

    def __init__(self) -> None:
        self.jar = Path(os.environ.get("USERS_JAR", REPOSITORY / "target" / "users-service.jar"))
        if not self.jar.is_file():
            raise RuntimeError(f"{self.jar} is missing: build it with ./mvnw -q -B -DskipTests package")
        self.grpc_port = int(os.environ.get("USERS_TEST_GRPC_PORT", "20200"))
        self.http_port = int(os.environ.get("USERS_TEST_HTTP_PORT", "20201"))
        self.target = f"127.0.0.1:{self.grpc_port}"
        self.workdir = Path(tempfile.mkdtemp(prefix="users-client-python-"))
        self.process: subprocess.Popen | None = None
        self.token = ""
        self._starts = 0

    def start(self) -> None:
        self._starts += 1
        log = self.workdir / f"service-{self._starts}.log"
        self.process = subprocess.Popen(
            ["java", "-jar", str(self.jar), "--spring.profiles.active=dev",
             f"--spring.grpc.server.port={self.grpc_port}", f"--server.port={self.http_port}",
             # The service fails fast on a slow database (3 s); on a busy test machine, re-opening
             # the H2 file after a restart can take longer than that.
             "--spring.datasource.hikari.connection-timeout=30000"],
            cwd=self.workdir, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )
        # Generous: on a machine shared with other builds, the service has taken minutes to start.
        wait = float(os.environ.get("USERS_TEST_START_TIMEOUT", "300"))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            text = log.read_text(errors="replace")
            if "Started UserDirectoryApplication" in text:
                found = TOKEN.search(text)
                if not found:
                    raise RuntimeError(f"the dev profile printed no token:\n{text[-3000:]}")
                self.token = found.group(0)
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited with {self.process.returncode}:\n{text[-3000:]}")
            time.sleep(0.3)
        raise RuntimeError(f"the service did not start in {wait:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
