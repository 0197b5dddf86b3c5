/** A real HTTP receiver on 127.0.0.1 for notification tests: records every request, answers as told. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
  at: number;
}

/** What to answer to the n-th request (0-based): a status, a status with headers, or "hang" (never answer). */
export type Behaviour = (n: number, req: Received) => number | { status: number; headers: Record<string, string> } | "hang";

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = () => 200, path = "/hook"): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry: Received = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), path: req.url ?? "", at: Date.now() };
      const n = received.length;
      received.push(entry);
      const answer = behaviour(n, entry);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      const { status, headers } = typeof answer === "number" ? { status: answer, headers: {} } : answer;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(status < 300 ? '{"ok":true}' : `{"error":"answer ${status} on purpose"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The servers one test file starts (receivers, an SMTP server), closed together by `closeAll` after its tests. */
export function receiverPool() {
  const open: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(server: T): T => (open.push(server), server);
  return {
    start: async (...args: Parameters<typeof startReceiver>) => track(await startReceiver(...args)),
    track,
    closeAll: () => Promise.all(open.map((s) => s.close())),
  };
}
