// Jest runs modules inside a vm context, where every global lookup (tweetnacl's `new Float64Array`
// in its field arithmetic) goes through an interceptor: X25519 takes ~25 ms instead of ~1 ms. This
// loads the SAME tweetnacl file into Node's main context and hands its low-level functions to
// protocol/nacl.ts. Import it first in test files that do many handshakes (or list it in Jest setupFiles).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { useNaclLowlevel } from '../nacl.js';
import type { NaclLowlevel } from '../nacl.js';

function load(): void {
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve('tweetnacl/nacl-fast.js');
  } catch {
    return; // keep the ordinary import
  }
  const src = fs.readFileSync(file, 'utf8');
  const factory = vm.runInThisContext(`(function (module) {${src}\nreturn module.exports;})`, {
    filename: file,
  }) as (m: { exports: Record<string, unknown> }) => { lowlevel: NaclLowlevel };
  useNaclLowlevel(factory({ exports: {} }).lowlevel);
}

load();
