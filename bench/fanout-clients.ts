// The fan-out benchmark's WebSocket clients, in a process of their own so that receiving 1,000
// frames does not share the server's event loop (bench/fanout.ts). Driven over the IPC channel:
// `open` connects the sockets and answers when each has its first message (the snapshot); after
// that, each time every socket has had one more message, it sends their arrival times, as
// milliseconds since the epoch at sub-millisecond resolution, comparable across processes.
import WebSocket from 'ws';

export type ClientsCommand =
  { type: 'open'; url: string; headers: Record<string, string>[] } | { type: 'close' };
export type ClientsReply = { type: 'opened' } | { type: 'arrivals'; at: number[] } | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
let arrivals: number[] = [];

function reply(message: ClientsReply) {
  process.send!(message);
}

function arrived() {
  arrivals.push(now());
  if (arrivals.length < sockets.length) return;
  reply({ type: 'arrivals', at: arrivals });
  arrivals = [];
}

async function open(url: string, headers: Record<string, string>[]) {
  // 50 at a time: a server accepts a burst of upgrades slower than it serves them.
  for (let from = 0; from < headers.length; from += 50) {
    await Promise.all(
      headers.slice(from, from + 50).map((h) => {
        const socket = new WebSocket(url, { headers: h });
        sockets.push(socket);
        return new Promise<void>((resolve, reject) => {
          socket.once('message', () => {
            socket.on('message', arrived);
            resolve();
          });
          socket.once('error', reject);
        });
      }),
    );
  }
  reply({ type: 'opened' });
}

async function close() {
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.readyState === WebSocket.CLOSED) return resolve();
          s.once('close', () => resolve());
          s.close();
        }),
    ),
  );
  reply({ type: 'closed' });
  process.disconnect();
}

process.on('message', (command: ClientsCommand) => {
  const done = command.type === 'open' ? open(command.url, command.headers) : close();
  done.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
