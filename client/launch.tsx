// Starts the interactive client: resolve the server key (given, pinned, or trusted on first use),
// open a reconnecting session and render the App until the user quits.
import React from 'react';
import { render } from 'ink';
import { connect } from '../protocol/connect.js';
import { App } from './components/App.js';
import { TrustScreen } from './components/TrustScreen.js';
import { Api } from './api.js';
import { Session } from './session.js';
import { nodeFiles } from './files.js';
import {
  decideKey,
  KnownHosts,
  keyChangedWarning,
  keyFromHex,
  normaliseFingerprint,
  refusedKeyWarning,
} from './known-hosts.js';
import { proctorStarter, type ProctorSourceOption } from './proctor-bridge.js';
import type { ClientArgs } from './main.js';

export interface LaunchOptions extends ClientArgs {
  knownHosts?: KnownHosts;
  /** The demo proctors from a sample video where there is no camera. */
  proctorSource?: ProctorSourceOption;
}

async function askTrust(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = async (fp: string) => {
      const ch = await connect({ host, port, serverKey: keyFromHex(fp) });
      const server = ch.welcome.server;
      await ch.close('key check');
      return server;
    };
    const ui = render(
      <TrustScreen
        host={host}
        port={port}
        probe={probe}
        onDone={(fp) => {
          ui.unmount();
          resolve(fp);
        }}
      />,
      { exitOnCtrlC: false },
    );
  });
}

export async function launchClient(opts: LaunchOptions): Promise<number> {
  const known = opts.knownHosts ?? new KnownHosts();
  const { host, port } = opts;
  if (opts.forgetKey) {
    const had = await known.forget(host, port);
    process.stdout.write(
      had ? `Forgot the pinned key for ${host}:${port} (${known.path}).\n` : `No key was pinned for ${host}:${port}.\n`,
    );
    return 0;
  }
  let given: string | undefined;
  if (opts.serverKey !== undefined) {
    given = normaliseFingerprint(opts.serverKey);
    if (!given) {
      process.stderr.write(
        'pandaproctor client: --server-key must be 64 hex digits (the fingerprint the server prints at start)\n',
      );
      return 2;
    }
  }
  const pinned = await known.get(host, port);
  const decision = decideKey(given, pinned);
  if (decision.kind === 'changed') {
    process.stderr.write(keyChangedWarning(host, port, decision.pinned, known.path, decision.given) + '\n');
    process.stderr.write('Any exam attempt you have open keeps running on the server; its clock does not stop.\n');
    return 1;
  }
  let fingerprint: string;
  let pinNow = false;
  if (decision.kind === 'ask') {
    if (!process.stdin.isTTY) {
      process.stderr.write(
        `pandaproctor client: no key pinned for ${host}:${port}; pass --server-key HEX (the fingerprint the server printed)\n`,
      );
      return 2;
    }
    const fp = await askTrust(host, port);
    if (!fp) {
      process.stderr.write('Not trusted: nothing was pinned. Ask the exam admin for the server fingerprint.\n');
      return 1;
    }
    await known.pin(host, port, fp);
    fingerprint = fp;
  } else {
    fingerprint = decision.fingerprint;
    pinNow = decision.pinNow;
  }

  const session = new Session({ connect: () => connect({ host, port, serverKey: keyFromHex(fingerprint) }) });
  if (pinNow) {
    // A key given with --server-key is pinned once the server has proved it holds it.
    const off = session.subscribe((s) => {
      if (s.status === 'online') {
        off();
        void known.pin(host, port, fingerprint).catch(() => undefined);
      }
    });
  }
  session.start();
  let quitting = false;
  const ui = render(
    <App
      api={new Api(session)}
      conn={session}
      files={nodeFiles}
      proctor={proctorStarter(opts.proctorSource)}
      keyWarning={refusedKeyWarning(host, port, { fingerprint, pinNow }, known.path)}
      onQuit={() => {
        if (quitting) return;
        quitting = true;
        ui.unmount();
      }}
    />,
    { exitOnCtrlC: false },
  );
  await ui.waitUntilExit();
  // Read before close(): closing sets the status to 'closed', and a changed key must exit non-zero.
  const mismatch = session.state.status === 'key-mismatch';
  await session.close();
  if (mismatch)
    process.stderr.write(
      pinNow
        ? 'pandaproctor client: the server did not prove the key given with --server-key; stopped. Check the key.\n'
        : 'pandaproctor client: the server key changed; stopped. Any exam attempt you had open keeps running on the server.\n',
    );
  return mismatch ? 1 : 0;
}
