import net from "node:net";

// A TCP proxy between one gateway process and PostgreSQL that can stall exactly the connections
// that carried `LISTEN` (seen in the client's bytes, so the product needs no test-only setting):
// it stops forwarding both ways but keeps both sockets open, as a stuck proxy or a half-open TCP
// connection would. Bytes that arrive meanwhile are held and delivered, in order, on `resume()`.
// Every other connection (the gateway's pools) is forwarded untouched.

type Connection = {
  client: net.Socket;
  upstream: net.Socket;
  listens: boolean;
  stalled: boolean;
  held: { up: Buffer[]; down: Buffer[] };
  /** The last few client bytes, so that a LISTEN split across two packets is still seen. */
  tail: string;
};

const LISTEN = /\bLISTEN\s/i;

export class StallingProxy {
  private readonly connections = new Set<Connection>();
  private server: net.Server | null = null;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  static async inFrontOf(databaseUrl: string): Promise<{ proxy: StallingProxy; url: string }> {
    const url = new URL(databaseUrl);
    const proxy = new StallingProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return { proxy, url: url.toString() };
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.port = (server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    const connection: Connection = { client, upstream, listens: false, stalled: false, held: { up: [], down: [] }, tail: "" };
    this.connections.add(connection);
    client.on("data", (chunk: Buffer) => {
      const text = connection.tail + chunk.toString("latin1");
      if (LISTEN.test(text)) connection.listens = true;
      connection.tail = text.slice(-16);
      if (connection.stalled) connection.held.up.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (connection.stalled) connection.held.down.push(chunk);
      else client.write(chunk);
    });
    const close = () => {
      this.connections.delete(connection);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("error", close);
      socket.on("close", close);
    }
  }

  /** Stalls every open connection that has carried LISTEN; returns how many. */
  stallListeners(): number {
    let count = 0;
    for (const connection of this.connections) {
      if (!connection.listens) continue;
      connection.stalled = true;
      count++;
    }
    return count;
  }

  /** Forwards again, first what was held. */
  resume(): void {
    for (const connection of this.connections) {
      if (!connection.stalled) continue;
      connection.stalled = false;
      for (const chunk of connection.held.up.splice(0)) connection.upstream.write(chunk);
      for (const chunk of connection.held.down.splice(0)) connection.client.write(chunk);
    }
  }

  /** Connections open now, and how many of them carried LISTEN. */
  get counts(): { open: number; listening: number } {
    const all = [...this.connections];
    return { open: all.length, listening: all.filter((connection) => connection.listens).length };
  }

  async close(): Promise<void> {
    for (const connection of this.connections) {
      connection.client.destroy();
      connection.upstream.destroy();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
