import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { IllegalArgumentException } from "../../util/SparkException.js";

/**
 * A daemon's web UI: for now Spark's machine-readable page, `/json`, the daemon's state as its JSON protocol
 * writes it. Bound to the daemon's own host only; port 0 takes any free port (`port` tells which).
 */
export class JsonWebUI {
  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(name: string, host: string, port: number, render: () => unknown): Promise<JsonWebUI> {
    const server = createServer((request, response) => {
      const path = (request.url ?? "/").split("?")[0];
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, { "Content-Type": "text/plain", Allow: "GET, HEAD" }).end(`${request.method} is not supported; use GET /json\n`);
      } else if (path === "/json" || path === "/json/") {
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(render(), null, 2));
      } else {
        response.writeHead(404, { "Content-Type": "text/plain" }).end(`No page at ${path}; the ${name} UI serves /json\n`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host, port }, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((e: Error) => {
      throw new IllegalArgumentException(`The ${name} web UI could not bind on ${host}:${port}: ${e.message}. Choose another --webui-port (0 takes any free port)`, { cause: e });
    });
    return new JsonWebUI(server, host, (server.address() as AddressInfo).port);
  }

  get url(): string {
    return `http://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
