// Usernames are unique without regard to case (and Unicode compatibility forms), so 'Alice' and
// 'alice' cannot be two accounts; registration already allows only ASCII letters, digits and
// `_ . -` (PROTOCOL.md 6), which keeps look-alike letters from other scripts out. Passwords are
// compared in Unicode NFC: the same characters typed as composed or decomposed sequences match
// (docs/server.md "Accounts").
import type { UserRecord as User } from '../store/users.js';

export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

interface FoldIndex {
  size: number;
  byFold: Map<string, string[]>;
}
const indexes = new WeakMap<Map<string, User>, FoldIndex>();

/** folded name -> stored usernames (more than one only in a users.csv from before this rule). */
function foldIndex(users: Map<string, User>): FoldIndex {
  let ix = indexes.get(users);
  if (!ix || ix.size !== users.size) {
    // Users are only ever added (a reset replaces a row under the same name), so the size tells
    // when to rebuild; a rebuild is one pass, paid once per new account.
    ix = { size: users.size, byFold: new Map() };
    for (const name of users.keys()) {
      const f = foldName(name);
      const list = ix.byFold.get(f);
      if (list) list.push(name);
      else ix.byFold.set(f, [name]);
    }
    indexes.set(users, ix);
  }
  return ix;
}

/** The stored account a login name means: the exact name first, else the one name equal without case. */
export function findUser(users: Map<string, User>, name: string): User | null {
  const exact = users.get(name);
  if (exact) return exact;
  const same = foldIndex(users).byFold.get(foldName(name));
  return same?.length === 1 ? users.get(same[0])! : null;
}

/** The stored username that takes `name` for uniqueness, if any. */
export function nameTakenBy(users: Map<string, User>, name: string): string | null {
  return foldIndex(users).byFold.get(foldName(name))?.[0] ?? null;
}

/** Groups of existing accounts that differ only in case (kept; each logs in with its exact name). */
export function caseDuplicates(users: Map<string, User>): string[][] {
  return [...foldIndex(users).byFold.values()].filter((l) => l.length > 1);
}

/**
 * The forms of a typed password to check, NFC first. Accounts hashed before passwords were
 * normalised hold whatever form was typed then; trying the other forms once lets them log in, and
 * the login then stores the NFC hash (migration on login). ASCII passwords have one form.
 */
export function passwordForms(password: string): string[] {
  const forms = [password.normalize('NFC')];
  for (const f of [password, password.normalize('NFD')]) if (!forms.includes(f)) forms.push(f);
  return forms;
}
