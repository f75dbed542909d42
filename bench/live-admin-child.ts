// An admin console that subscribes to the live monitor (PROTOCOL.md 8) and then never reads again:
// bench/live.ts stops this process with SIGSTOP once it prints `subscribed`, so the kernel buffers
// fill and the server sees a subscriber whose socket takes nothing. SIGKILL ends it.
import { parseFlags } from './args.js';
import { adminChannel } from './setup.js';

const f = parseFlags(process.argv.slice(2), { port: 0, key: '' }, 'live-admin-child --port N --key HEX');
const ch = await adminChannel({ port: f.port, serverKey: Uint8Array.from(Buffer.from(f.key, 'hex')), seal: true });
await ch.request('monitor.subscribe', {});
process.stdout.write('subscribed\n');
setInterval(() => {}, 60_000); // stay alive until killed
