/**
 * Fixes for an audit's findings (`audit --fix`): the smallest documented change of each (src/questions/audit/fix.ts),
 * checked by asking the question again: the fix is applied to the world file as a JSON Patch, the key is audited on
 * the patched world, and the fix is `checked` only when the finding is gone and no principal lost any other
 * operation on the key. A fix that cannot be applied or asked is `unchecked`, with the reason.
 */
import { limitsOf } from '../engine/limits.js';
import { InputError, type SourceLocation } from '../errors.js';
import { applyJsonPatch, PatchError } from '../input/json-patch.js';
import { SourceText } from '../input/source-text.js';
import { accessesOf } from '../questions/audit/finding-id.js';
import { proposeFix, type ProposedFix } from '../questions/audit/fix.js';
import { auditKeyPart, type KeyAuditPart } from '../questions/audit/key-part.js';
import type { AuditKey, AuditResult, Finding, FindingFix } from '../questions/audit/result.js';
import { callersOfWorld } from '../request/caller.js';
import { parseWorld } from '../world/load.js';
import type { World } from '../world/model.js';
import { argumentsObject, optionalBoolean, optionalPositiveInteger, worldArgument } from './arguments.js';
import { z3Engine } from './engine-instance.js';

export interface FixOptions {
  /** Ask the question again on the patched world (default true). */
  check?: boolean;
  timeoutMs?: number;
}

/** Every (principal, operation) that has access in a key's table. */
function accessPairs(table: AuditKey): Set<string> {
  return new Set(table.groups.flatMap((g) => g.access.flatMap((a) => a.operations.map((op) => `${a.principal} ${op}`))));
}

/** Principals whose loss of access is the point of the fix: the finding's principal (for an account, all of it). */
function intendedLoss(finding: Finding): (principal: string) => boolean {
  if (/^\d{12}$/.test(finding.principal)) return (p) => p === finding.principal || p.split(':')[4] === finding.principal;
  return (p) => p === finding.principal;
}

function compare(finding: Finding, before: AuditKey, after: KeyAuditPart): Pick<FindingFix, 'check' | 'checkNote'> {
  if (after.undecided.length > 0) return { check: 'unchecked', checkNote: `on the patched world, ${after.undecided.length} question(s) could not be decided in time` };
  // Gone means no finding of the kind about the principal at all, not just none with the same operations.
  const remaining = after.findings.filter((f) => f.kind === finding.kind && f.principal === finding.principal);
  if (remaining.length > 0) {
    return { check: 'failed', checkNote: `on the patched world the finding remains (${remaining.flatMap((f) => f.operations).join(', ')})` };
  }
  const now = accessPairs(after.table);
  const intended = intendedLoss(finding);
  const lost = [...accessPairs(before)].filter((pair) => !now.has(pair) && !intended(pair.split(' ')[0]!));
  if (lost.length > 0) return { check: 'failed', checkNote: `the fix takes away other access: ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ` and ${lost.length - 5} more` : ''}` };
  return { check: 'checked', checkNote: 'asked again on the patched world: the finding is gone and no other access to the key is lost' };
}

/** The key policy statements that allow the finding's access (from the audit's table), where they are written. */
function allowingStatements(result: AuditResult, finding: Finding): SourceLocation[] {
  const seen = new Set<string>();
  const places: SourceLocation[] = [];
  for (const m of accessesOf(result, finding).flatMap((a) => a.matched)) {
    if (m.source !== 'key-policy' || m.effect !== 'Allow' || m.location === undefined || seen.has(m.location)) continue;
    seen.add(m.location);
    const parts = /^(.*?)(?::(\d+):(\d+))? \(at (\/[^)]*)\)$/.exec(m.location);
    if (parts) places.push({ file: parts[1]!, pointer: parts[4]!, ...(parts[2] !== undefined ? { line: Number(parts[2]), column: Number(parts[3]) } : {}) });
  }
  return places;
}

export async function fixAudit(world: World, result: AuditResult, options: FixOptions = {}): Promise<AuditResult> {
  worldArgument(world, 'fixAudit');
  const args = argumentsObject(options, 'fixAudit(world, result, options)');
  optionalBoolean(args['check'], 'fixAudit: check');
  optionalPositiveInteger(args['timeoutMs'], 'fixAudit: timeoutMs');
  const audited = argumentsObject(result, 'fixAudit(world, result)');
  if (!Array.isArray(audited['findings']) || !Array.isArray(audited['keys'])) throw new InputError(undefined, 'fixAudit(world, result): expected an audit result (with "keys" and "findings")');
  const documents = new Map<string, unknown>();
  const documentOf = (file: string): unknown => {
    // Only the world file itself is patched and loaded again; a statement read through a `$file` reference is not.
    if (file !== world.file) return undefined;
    if (!documents.has(file)) documents.set(file, SourceText.read(file).value);
    return documents.get(file);
  };
  const limits = limitsOf({ timeoutMs: options.timeoutMs });
  const checked = new Map<string, Promise<KeyAuditPart | string>>();
  const askAgain = (fix: ProposedFix, key: string): Promise<KeyAuditPart | string> => {
    const id = JSON.stringify([key, fix.patch]);
    if (!checked.has(id)) {
      checked.set(id, (async () => {
        let patched: World;
        try {
          patched = parseWorld(JSON.stringify(applyJsonPatch(documentOf(fix.file!), fix.patch!)), world.file);
        } catch (e) {
          if (e instanceof PatchError || e instanceof InputError) return `the patched world does not load: ${e.message}`;
          throw e;
        }
        const patchedKey = patched.keys.get(key);
        if (!patchedKey) return 'the key is not in the patched world';
        const engine = await z3Engine();
        return auditKeyPart(engine.runtime, patched, patchedKey, callersOfWorld(patched), limits);
      })());
    }
    return checked.get(id)!;
  };
  const fixes: Array<FindingFix | null> = [];
  for (const finding of result.findings) {
    const proposed = proposeFix(world, finding.location ? documentOf(finding.location.file) : undefined, finding, allowingStatements(result, finding));
    if (!proposed) { fixes.push(null); continue; }
    const before = result.keys.find((k) => k.key === finding.key);
    let outcome: Pick<FindingFix, 'check' | 'checkNote'>;
    if (!proposed.patch || proposed.file === undefined) outcome = { check: 'unchecked', checkNote: 'keyproof can give this fix only in words, so it could not apply and check it' };
    else if (options.check === false) outcome = { check: 'unchecked', checkNote: 'not asked again (checking was turned off)' };
    else if (!before) outcome = { check: 'unchecked', checkNote: 'the audit has no table for the key' };
    else {
      const after = await askAgain(proposed, finding.key);
      outcome = typeof after === 'string' ? { check: 'unchecked', checkNote: after } : compare(finding, before, after);
    }
    fixes.push({ ...proposed, ...outcome });
  }
  return { ...result, fixes };
}
