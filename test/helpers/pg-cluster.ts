/**
 * A throwaway PostgreSQL cluster (initdb + pg_ctl from the Debian package) on a free port, for
 * tests that stop and restart the server — never the machine's shared PostgreSQL. Under root the
 * cluster belongs to the postgres user (initdb refuses root), like .ci/run does it.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb"))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin: install the Debian package `postgresql` (.ci/run does).");
  return path.join(root, versions[versions.length - 1]!, "bin");
}

export class ThrowawayPostgres {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-pg-"));
  private readonly bin = pgBin();
  private readonly asPg: string[] = [];

  constructor(readonly port: number) {
    if (process.getuid?.() === 0) {
      chownSync(this.dir, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), Number(execFileSync("id", ["-g", "postgres"]).toString().trim()));
      this.asPg = ["runuser", "-u", "postgres", "--"];
    }
    this.run("initdb", ["-D", path.join(this.dir, "data"), "-A", "trust", "-U", "postgres"]);
  }

  /** postgresql://postgres@127.0.0.1:PORT (no database: append /name). */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}`;
  }

  private run(tool: string, args: string[]) {
    const [cmd, ...pre] = this.asPg.length ? this.asPg : [path.join(this.bin, tool)];
    execFileSync(cmd!, this.asPg.length ? [...pre, path.join(this.bin, tool), ...args] : args, { stdio: "pipe", timeout: 60_000 });
  }

  start() {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.run("pg_ctl", ["-D", path.join(this.dir, "data"), "-l", path.join(this.dir, "log"), "-o", opts, "-w", "start"]);
  }

  /** Immediate shutdown: what a crash or a failover looks like to the clients. */
  stop() {
    this.run("pg_ctl", ["-D", path.join(this.dir, "data"), "-m", "immediate", "-w", "stop"]);
  }

  dispose() {
    try {
      this.stop();
    } catch {
      /* not running */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
