// A TCP proxy with a gate: while shut, connections are accepted and held without a byte passing
// either way, so a call to the upstream behind it stays in progress for as long as a test wants.
import net from 'node:net';

export interface Gate {
  /** http://127.0.0.1:<port><path of the target> */
  url: string;
  /** Lets held and new connections through. */
  open(): void;
  /** Holds new connections; those already through are cut (a client reconnects, and is held). */
  shut(): void;
  /** Connections waiting at the gate. */
  held(): number;
  close(): Promise<void>;
}

export async function startGate(target: string): Promise<Gate> {
  const upstream = new URL(target);
  let isOpen = true;
  const held = new Set<net.Socket>();
  const through = new Set<net.Socket>();

  const pass = (client: net.Socket) => {
    const server = net.connect(Number(upstream.port), upstream.hostname);
    through.add(client);
    const end = () => {
      through.delete(client);
      client.destroy();
      server.destroy();
    };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
    client.pipe(server).pipe(client);
  };

  const proxy = net.createServer((client) => {
    if (isOpen) return pass(client);
    held.add(client);
    client.pause();
    client.on('close', () => held.delete(client)).on('error', () => held.delete(client));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    open() {
      isOpen = true;
      for (const client of held) {
        held.delete(client);
        if (!client.destroyed) pass(client);
      }
    },
    shut() {
      isOpen = false;
      for (const client of through) client.destroy();
    },
    held: () => held.size,
    async close() {
      for (const client of [...held, ...through]) client.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
