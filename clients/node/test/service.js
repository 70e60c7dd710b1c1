// The real users.v1 service for the tests: the built jar, dev profile, its H2 data in a temp dir.
// Restarting keeps the working directory, so the data, the change feed and the dev signing key
// (hence the token) survive, as they would for a real restart.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repository = path.resolve(__dirname, '..', '..', '..');
const TOKEN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

class Service {
  constructor() {
    this.jar = process.env.USERS_JAR ?? path.join(repository, 'target', 'users-service.jar');
    if (!fs.existsSync(this.jar)) throw new Error(`${this.jar} is missing: build it with ./mvnw -q -B -DskipTests package`);
    this.grpcPort = Number(process.env.USERS_TEST_GRPC_PORT ?? 20210);
    this.httpPort = Number(process.env.USERS_TEST_HTTP_PORT ?? 20211);
    this.target = `127.0.0.1:${this.grpcPort}`;
    this.workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'users-client-node-'));
    this.starts = 0;
    this.token = '';
  }

  async start() {
    this.starts += 1;
    const log = path.join(this.workdir, `service-${this.starts}.log`);
    const out = fs.openSync(log, 'w');
    this.process = spawn('java', ['-jar', this.jar, '--spring.profiles.active=dev',
      `--spring.grpc.server.port=${this.grpcPort}`, `--server.port=${this.httpPort}`,
      // The service fails fast on a slow database (3 s); on a busy test machine, re-opening the
      // H2 file after a restart can take longer than that.
      '--spring.datasource.hikari.connection-timeout=30000'],
    { cwd: this.workdir, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    let exited = null;
    this.process.once('exit', (code) => { exited = code; });
    // Generous: on a machine shared with other builds, the service has taken minutes to start.
    const wait = Number(process.env.USERS_TEST_START_TIMEOUT ?? 300) * 1000;
    const until = Date.now() + wait;
    while (Date.now() < until) {
      const text = fs.readFileSync(log, 'utf8');
      if (text.includes('Started UserDirectoryApplication')) {
        const token = TOKEN.exec(text);
        if (!token) throw new Error(`the dev profile printed no token:\n${text.slice(-3000)}`);
        this.token = token[0];
        return;
      }
      if (exited !== null) throw new Error(`the service exited with ${exited}:\n${text.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error(`the service did not start in ${wait / 1000} s:\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
  }

  async stop() {
    const running = this.process;
    this.process = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }

  async restart() {
    await this.stop();
    await this.start();
  }

  async remove() {
    await this.stop();
    fs.rmSync(this.workdir, { recursive: true, force: true });
  }
}

module.exports = { Service };
