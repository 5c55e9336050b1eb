/** A loopback port nothing listens on right now: bound, then released, for a server a test starts or for "unreachable". */
export function findFreePort() {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port!;
  server.stop(true);
  return port;
}
