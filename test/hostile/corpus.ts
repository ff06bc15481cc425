/**
 * The hostile-input corpus (issue 12, item 7): worlds an attacker or an unlucky collector could hand keyproof,
 * generated into a directory (the large ones would not belong in the repository). Each case says how the CLI must
 * end: its exit code, within a time bound, without a stack trace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACCOUNT = '111122223333';
export const KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

export interface HostileCase {
  name: string;
  /** The CLI arguments after the world (`--world FILE` is added). */
  args: string[];
  /** The exit codes allowed: 2 for refused input, 0 (1 only with --fail-on) for a world that must be answered. */
  exit: number[];
  /** What stderr must say, when it matters. */
  stderr?: RegExp;
  /** Wall-time bound in seconds. */
  seconds: number;
  write(file: string): void;
}

const statement = (extra: Record<string, unknown> = {}) => ({
  Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*', ...extra,
});

/** A world of one account and one key with the given key policy statements (and optional users). */
export function worldJson(statements: unknown[], users: unknown[] = []): string {
  return JSON.stringify({
    accounts: [{ id: ACCOUNT, users }],
    keys: [{ arn: KEY, policy: { Version: '2012-10-17', Statement: statements } }],
  });
}

const whoCan = ['who-can', '--action', 'kms:Decrypt', '--key', KEY, '--timeout', '2000'];
const audit = ['audit', '--timeout', '2000', '--format', 'json'];
const check = ['check', '--principal', `arn:aws:iam::${ACCOUNT}:user/u0`, '--action', 'kms:Decrypt', '--key', KEY];

/** `*a*a*a…b`: exponential for a backtracking matcher. */
const redos = (n: number) => `${'*a'.repeat(n)}b`;

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'backtracking wildcards in a 1.2 KB world (who-can)', args: whoCan, exit: [0], seconds: 60,
    write: (f) => writeFileSync(f, worldJson([statement(), statement({ Sid: 'R', Principal: '*', Condition: { StringLike: { 'kms:EncryptionContext:x': redos(25) } } })],
      [{ arn: `arn:aws:iam::${ACCOUNT}:user/${'a'.repeat(60)}`, policies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:*:${ACCOUNT}:key/${redos(20)}` }] } }] }])),
  },
  {
    name: 'an 11 KB StringLike pattern (audit)', args: audit, exit: [0], seconds: 90,
    write: (f) => writeFileSync(f, worldJson([statement(), statement({ Sid: 'Big', Principal: '*', Condition: { StringLike: { 'kms:EncryptionContext:x': redos(5500) } } })])),
  },
  {
    name: '10,000 wildcards in an Action list (check)', args: check, exit: [0], seconds: 60,
    write: (f) => writeFileSync(f, worldJson([statement({ Action: Array.from({ length: 10_000 }, (_, i) => `kms:${'*'.repeat(i % 7 + 1)}x${i}*`) })],
      [{ arn: `arn:aws:iam::${ACCOUNT}:user/u0` }])),
  },
  {
    name: 'prototype keys as field names and condition keys (check)', args: check, exit: [0, 2], seconds: 60,
    write: (f) => writeFileSync(f, `{"accounts":[{"id":"${ACCOUNT}","users":[{"arn":"arn:aws:iam::${ACCOUNT}:user/u0"}]}],"keys":[{"arn":"${KEY}","policy":{"Version":"2012-10-17","Statement":[${JSON.stringify(statement())},{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x","constructor":"y","aws:PrincipalTag/__proto__":"z"}}}]}}],"__proto__":{"polluted":true}}`),
  },
  {
    name: 'prototype keys in YAML', args: ['ir'], exit: [2], seconds: 30, stderr: /unknown field "__proto__"/,
    write: (f) => writeFileSync(f, `accounts:\n  - id: "${ACCOUNT}"\n    __proto__: { polluted: true }\n`),
  },
  {
    name: 'a YAML alias bomb', args: ['ir'], exit: [2], seconds: 30, stderr: /alias|too many|excessive/i,
    write: (f) => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      writeFileSync(f, lines.join('\n') + '\n');
    },
  },
  {
    name: 'a NUL byte in the text', args: ['ir'], exit: [2], seconds: 30,
    write: (f) => writeFileSync(f, `{"accounts": [], "keys": [], "x\u0000": 1}`),
  },
  {
    name: 'bytes that are not UTF-8', args: ['ir'], exit: [2], seconds: 30, stderr: /not UTF-8 text/,
    write: (f) => writeFileSync(f, Buffer.concat([Buffer.from('{"accounts": [{"id": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')])),
  },
  {
    name: 'JSON nested 100,000 deep', args: ['ir'], exit: [2], seconds: 30, stderr: /:1:268: nesting too deep/,
    write: (f) => writeFileSync(f, `{"accounts":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
  },
  {
    name: 'YAML flow nesting 100,000 deep', args: ['ir'], exit: [2], seconds: 30, stderr: /:2:\d+\b.*nesting too deep/,
    write: (f) => writeFileSync(f, `accounts:\n  x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
  },
  {
    name: 'YAML block nesting 3,000 deep', args: ['ir'], exit: [2], seconds: 60,
    write: (f) => writeFileSync(f, Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x\n'),
  },
  {
    name: 'a 50 MB world (ir)', args: ['ir'], exit: [0], seconds: 240,
    write: (f) => {
      // 50 MB of users, each with an inline policy: a large but valid account export.
      const users: string[] = [];
      let size = 0;
      for (let i = 0; size < 50 * 1024 * 1024; i++) {
        const user = JSON.stringify({ arn: `arn:aws:iam::${ACCOUNT}:user/u${i}`, policies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Sid: 'S'.repeat(400), Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }] } }] });
        users.push(user);
        size += user.length + 1;
      }
      writeFileSync(f, `{"accounts":[{"id":"${ACCOUNT}","users":[${users.join(',')}]}],"keys":[]}`);
    },
  },
];

/** Writes every case's world into `dir`; the file of each case by name. */
export function writeCorpus(dir: string, cases: readonly HostileCase[] = HOSTILE_CASES): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  cases.forEach((c, i) => {
    const file = join(dir, `case-${i}.${c.name.includes('YAML') ? 'yaml' : 'json'}`);
    c.write(file);
    files.set(c.name, file);
  });
  return files;
}
