/**
 * An RPC server in a process of its own, for Fuzz.test.ts to pound on while checking the process survives:
 *
 *   node rpc-server-child.js serve [secret]
 *
 * prints `listening <port>` once its "Master" endpoint is up. The endpoint answers GetBroadcast { id } with
 * id * 2, and FetchFile { path: "stats" } with how many inbound connections the server holds. Refused
 * connections are logged to stderr; SIGTERM shuts the server down and exits.
 * The node test runner also runs every file under test/ as a test: without arguments this does nothing.
 */
import { RpcEnv } from "../../src/rpc/RpcEnv.js";

if (process.argv[2] === "serve") {
  const secret = process.argv[3];
  const env = await RpcEnv.create({ name: "fuzz-target", host: "127.0.0.1", port: 0, secret });
  env.setupEndpoint("Master", {
    receive(message, ctx) {
      if (message.type === "GetBroadcast") ctx.reply({ type: "Reply", value: message.id * 2 });
      // A test-only peek at the open connections, to show that none of the refused ones linger.
      if (message.type === "FetchFile" && message.path === "stats") {
        ctx.reply({ type: "Reply", value: { inbound: (env as unknown as { inbound: Map<unknown, unknown> }).inbound.size } });
      }
    },
  });
  process.on("SIGTERM", () => void env.shutdown().then(() => process.exit(0)));
  process.stdout.write(`listening ${env.address.port}\n`);
}
