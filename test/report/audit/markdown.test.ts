/**
 * The Markdown report of an audit, for pull-request comments: findings and per-key tables, and no way for a value
 * of the world (which the pull request may have written) to become markup.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AuditResult } from '../../../src/questions/audit/result.js';
import { cellCode, inlineCode, markdownText, renderAuditMarkdown } from '../../../src/report/audit/markdown.js';
import {
  APP_KEY, APP_ROLE, AUDIT_RESULT, BOB, INCOMPLETE_AUDIT_RESULT, PUBLIC_KEY, RETIRED_KEY, VIA_S3,
} from '../../fixtures/audit-sarif-result.js';

/** The characters markdownText escapes: ASCII punctuation but `, ; ' " ? % = /`. */
const ESCAPED = new Set('!#$&()*+-.:<>@[\\]^_`{|}~');
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Cells of a table row, split the way GFM does: a backslash escapes the character after it. */
function cells(row: string): string[] {
  const found: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\') { cell += row[i]! + (row[i + 1] ?? ''); i++; continue; }
    if (row[i] === '|') { found.push(cell.trim()); cell = ''; continue; }
    cell += row[i];
  }
  found.push(cell.trim());
  return found;
}

/** The same split, reading only `\|` as an escape (the other way a renderer may read backslashes in a row). */
const cellsPipeEscapeOnly = (row: string) => row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());

const tableRows = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('|'));

function expectWellFormedTables(markdown: string): void {
  for (const row of tableRows(markdown)) {
    expect(cells(row), row).toHaveLength(7);
    expect(cellsPipeEscapeOnly(row), row).toHaveLength(7);
  }
}

/** The row of a table whose cells include all of `parts`. */
const rowWith = (markdown: string, ...parts: string[]) =>
  tableRows(markdown).map(cells).find((row) => parts.every((part) => row.includes(part)));

const markdown = renderAuditMarkdown(AUDIT_RESULT);

describe('renderAuditMarkdown', () => {
  test('the findings table lists every finding, most severe first, with its location as file:line', () => {
    const lines = markdown.split('\n');
    const header = lines.indexOf('| severity | finding | message | key | principal | operations | location |');
    const findings = lines.slice(header + 2, lines.indexOf('', header)).map(cells);
    expect(findings.map((row) => row[0])).toEqual(['**error**', 'warning', 'warning', 'warning', 'note', 'note']);
    expect(findings.map((row) => row[1])).toEqual(['`public`', '`external`', '`no-administrator`', '`self-escalation`', '`dangling-grant`', '`inactive-key-granted`']);
    expect(rowWith(markdown, '`public`')).toEqual([
      '**error**', '`public`', 'Anyone in any AWS account can use this key', `\`${PUBLIC_KEY}\``, '`*`',
      'Decrypt, Encrypt', '`infra/kms/world.yaml:84`',
    ]);
    expect(markdown).toContain('6 findings\\: 1 error, 3 warnings, 2 notes.');
  });

  test('each key has a table of who can do what, with origin, via, conditions and path', () => {
    for (const key of [APP_KEY, PUBLIC_KEY, RETIRED_KEY]) expect(markdown).toContain(`### \`${key}\``);
    expect(markdown).toContain('Account 111122223333, state Enabled, aliases `alias/app-key`.');
    expect(rowWith(markdown, `\`${BOB}\``)).toEqual([
      'encrypt, decrypt and data keys', `\`${BOB}\``, 'world', 'Decrypt', 'iam\\-policy', '', `\`${BOB}\` → \`${APP_ROLE}\``,
    ]);
    const external = rowWith(markdown, 'external account');
    expect(external?.[1]).toBe('any principal of account 444455556666 whose own IAM policies allow it');
    expect(external?.[5]).toBe(`\`${VIA_S3}\``);
    expect(rowWith(markdown, 'AWS service')?.[1]).toBe('the AWS service s3\\.amazonaws\\.com');
    expect(rowWith(markdown, 'anyone')?.[3]).toBe('Decrypt, Encrypt');
    expect(rowWith(markdown, 'organization')?.[5]).toBe('`aws:PrincipalOrgID is o-a1b2c3d4e5`');
    expect(rowWith(markdown, 'administration', 'nobody')).toBeDefined();
    expectWellFormedTables(markdown);
  });

  test('an incomplete audit opens with what could not be decided', () => {
    const incomplete = renderAuditMarkdown(INCOMPLETE_AUDIT_RESULT);
    expect(incomplete.indexOf('> **Incomplete:**')).toBeLessThan(incomplete.indexOf('### Findings'));
    expect(incomplete).toContain(`> - who can kms\\:Decrypt on ${markdownText(APP_KEY)}`);
    expect(markdown).not.toContain('Incomplete');
  });

  test('an audit without findings says so, without an empty table', () => {
    const empty = renderAuditMarkdown({ ...AUDIT_RESULT, findings: [] });
    expect(empty).toContain('0 findings.');
    expect(empty).not.toContain('| severity |');
  });

  test('values of the world cannot inject HTML, links, mentions, cells or lines', () => {
    const hostile: AuditResult = {
      ...AUDIT_RESULT,
      world: 'evil.yaml\n# Owned',
      findings: [{
        ...AUDIT_RESULT.findings[0]!,
        message: '<img src=x onerror=alert(1)> ![t](https://evil.example/t.png) @octocat | **bold**\n- item',
        principal: 'arn:aws:iam::111122223333:user/a\\|b',
        location: { file: 'dir|x/`w`.yaml', pointer: '/keys/0', line: 3, column: 1 },
      }],
      keys: [{
        ...AUDIT_RESULT.keys[0]!,
        aliases: ['alias/<b>x</b>'],
        groups: [{ group: 'crypto', title: 'crypto', access: [{
          principal: 'arn:aws:iam::111122223333:role/R', origin: 'world', operations: ['kms:Decrypt'], path: [], via: ['key-policy'],
          conditions: ['kms:EncryptionContext:x is a `b` | c\nd'], requires: [], matched: [],
        }] }],
      }],
    };
    const out = renderAuditMarkdown(hostile);
    expectWellFormedTables(out);
    expect(out).not.toMatch(/(?<!\\)<img|\n# Owned|\n- item/);
    expect(out).toContain('World: `evil.yaml # Owned`');
    expect(out).toContain('\\<img src=x onerror=alert\\(1\\)\\> \\!\\[t\\]\\(https\\://evil\\.example/t\\.png\\) \\@octocat \\| \\*\\*bold\\*\\* \\- item');
    expect(rowWith(out, '`public`')?.[4]).toBe('arn\\:aws\\:iam\\:\\:111122223333\\:user/a\\\\\\|b');
    expect(rowWith(out, '`public`')?.[6]).toBe('``dir\\|x/`w`.yaml:3``');
    expect(rowWith(out, 'crypto')?.[5]).toBe('``kms:EncryptionContext:x is a `b` \\| c d``');
    // Inside a code span, `<b>` is shown as text, never read as HTML.
    expect(out).toContain('aliases `alias/<b>x</b>`.');
  });
});

describe('markdownText', () => {
  test('escapes every character that can start markup, and only those, on one line', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii' }), (value) => {
      const escaped = markdownText(value);
      expect(escaped).not.toMatch(CONTROL);
      let plain = '';
      for (let i = 0; i < escaped.length; i++) {
        if (escaped[i] === '\\') {
          expect(ESCAPED.has(escaped[i + 1]!)).toBe(true);
          plain += escaped[++i];
        } else {
          expect(ESCAPED.has(escaped[i]!)).toBe(false);
          plain += escaped[i];
        }
      }
      expect(plain).toBe(value.replace(/[\u0000-\u001f\u007f]/g, ' '));
    }));
  });
});

describe('code spans', () => {
  const withoutControl = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, ' ');

  test('a cell code span keeps its text, on one line, with every pipe escaped and a fence no run inside can close', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '`', '|', ' ', '\n', '<', ':'), minLength: 1 }), (value) => {
      const span = cellCode(value);
      expect(span).not.toMatch(CONTROL);
      const match = /^(`+)([\s\S]*)\1$/.exec(span);
      expect(match, span).not.toBeNull();
      const [, fence, inner] = match!;
      expect((inner!.match(/`+/g) ?? []).every((run) => run.length !== fence!.length)).toBe(true);
      expect(inner).not.toMatch(/(?<!\\)\|/);
      // Text that starts or ends with a backtick or a space is padded with one space each side (never otherwise).
      const unpadded = inner!.length >= 2 && inner!.startsWith(' ') && inner!.endsWith(' ') ? inner!.slice(1, -1) : inner!;
      expect(unpadded.replace(/\\\|/g, '|')).toBe(withoutControl(value));
    }));
  });

  test('a value with a backslash is written as escaped text in a table, and as code elsewhere', () => {
    expect(cellCode('a\\|b')).toBe(markdownText('a\\|b'));
    expect(inlineCode('a\\|b')).toBe('`a\\|b`');
    expect(cellCode('')).toBe('');
  });
});
