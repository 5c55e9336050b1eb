/**
 * A TCP proxy in front of a server the tests share (PostgreSQL), so one test can take the database away from a
 * process mid-run without stopping it for the files running beside it: `cut()` drops every connection and turns
 * new ones away until `restore()`. `cutAfter` cuts on its own right after the server's n-th reply containing a
 * marker (e.g. "COMMIT\0", PostgreSQL's CommandComplete tag), a point fixed by the traffic rather than a clock.
 */
import { connect, createServer, type Socket } from "node:net";

type CutAfter = { fromServer: string; times: number };

/** Counts `marker` across chunks, keeping the tail of the last one so a marker split in two still counts. */
function createMarkerCounter(marker: string) {
  let tail = "";
  return (chunk: Buffer) => {
    const text = tail + chunk.toString("latin1");
    tail = marker.length > 1 ? text.slice(1 - marker.length) : "";
    return text.split(marker).length - 1;
  };
}

export async function startTcpProxy({ url, cutAfter }: { url: string; cutAfter?: CutAfter }) {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let open = true;
  let trigger = cutAfter ? { ...cutAfter, seen: 0 } : null;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A cut surfaces as errors on both ends; the proxied client is the one meant to see them.
    socket.on("error", () => {});
  };
  const cut = () => {
    open = false;
    for (const socket of sockets) socket.destroy();
  };

  function forwardReplies({ upstream, client }: { upstream: Socket; client: Socket }) {
    const count = trigger ? createMarkerCounter(trigger.fromServer) : () => 0;
    upstream.on("data", (chunk: Buffer) => {
      const due = trigger !== null && (trigger.seen += count(chunk)) >= trigger.times;
      // The reply reaches the client before the cut, so it knows that much succeeded.
      if (due) return void client.write(chunk, cut);
      if (!client.write(chunk)) upstream.pause();
    });
    client.on("drain", () => upstream.resume());
  }

  const server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect({ host: target.hostname, port: Number(target.port || 5432) });
    track(client);
    track(upstream);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    forwardReplies({ upstream, client });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as { port: number }).port);

  return {
    /** `url` with its host and port replaced by the proxy's. */
    url: proxied.toString(),
    cut,
    /** Lets connections through again; a `cutAfter` that already fired does not fire again. */
    restore() {
      open = true;
      trigger = null;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
