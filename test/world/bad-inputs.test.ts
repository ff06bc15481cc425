/**
 * Every kind of bad input is reported as an InputError naming the file, the place (line:column and JSON pointer)
 * and what was expected — never as a raw exception.
 */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadWorld } from '../../src/world/load.js';

const dir = 'test/fixtures/world/bad';

interface Case {
  file: string;
  /** The file the error names, when not the world file itself (errors inside `$file` references). */
  reportedFile?: string;
  pointer: string;
  line: number;
  column: number;
  message: RegExp;
}

const cases: Case[] = [
  { file: 'syntax-error.json', pointer: '', line: 5, column: 3, message: /^syntax error: Missing , between flow map items/ },
  { file: 'duplicate-key.json', pointer: '', line: 7, column: 85, message: /^duplicate key/ },
  { file: 'unknown-field-typo.yaml', pointer: '/accounts/0/users/0/polices', line: 5, column: 9, message: /unknown field "polices" in a user; did you mean "policies"\?/ },
  { file: 'bad-account-id.yaml', pointer: '/accounts/0/id', line: 2, column: 9, message: /expected an AWS account id \(12 digits\), found the string "11112222333"/ },
  { file: 'unquoted-account-id.yaml', pointer: '/accounts/0/id', line: 2, column: 9, message: /found the number 111122223333; quote it/ },
  { file: 'user-wrong-account.yaml', pointer: '/accounts/0/users/0/arn', line: 4, column: 14, message: /is in account 444455556666, but it is listed under account 111122223333/ },
  { file: 'bad-effect.yaml', pointer: '/accounts/0/users/0/policies/0/document/Statement/0/Effect', line: 10, column: 27, message: /expected Effect "Allow" or "Deny", found the string "allow"/ },
  { file: 'unknown-operator.yaml', pointer: '/keys/0/policy/Statement/0/Condition/StringEqual', line: 11, column: 13, message: /unknown condition operator "StringEqual"; did you mean "StringEquals"\?/ },
  { file: 'null-ifexists.yaml', pointer: '/keys/0/policy/Statement/0/Condition/NullIfExists', line: 10, column: 13, message: /Null condition operator cannot take the IfExists suffix/ },
  { file: 'principal-in-identity.yaml', pointer: '/accounts/0/managedPolicies/0/document/Statement/0/Principal', line: 8, column: 15, message: /identity-based policy cannot have a Principal element/ },
  { file: 'missing-principal-key-policy.yaml', pointer: '/keys/0/policy/Statement/0', line: 5, column: 11, message: /must have a Principal or NotPrincipal element/ },
  { file: 'malformed-principal-arn.yaml', pointer: '/keys/0/policy/Statement/0/Principal/AWS/1', line: 9, column: 17, message: /expected an AWS principal.*found "arn:aws:iam:111122223333:user\/bob"/ },
  { file: 'wildcard-principal-arn.yaml', pointer: '/keys/0/policy/Statement/0/Principal/AWS', line: 6, column: 29, message: /cannot use a wildcard inside a name or ARN/ },
  { file: 'bad-version.yaml', pointer: '/keys/0/policy/Version', line: 4, column: 16, message: /expected Version "2012-10-17" or "2008-10-17", found the string "2012-10-18"/ },
  { file: 'action-and-notaction.yaml', pointer: '/keys/0/policy/Statement/0/NotAction', line: 8, column: 11, message: /cannot have both Action and NotAction/ },
  { file: 'missing-group.yaml', pointer: '/accounts/0/users/0/groups/0', line: 5, column: 18, message: /group "arn:aws:iam::111122223333:group\/dev" is not defined in account 111122223333; did you mean "arn:aws:iam::111122223333:group\/devs"\?/ },
  { file: 'missing-customer-managed.yaml', pointer: '/accounts/0/roles/0/managedPolicies/0', line: 6, column: 13, message: /managed policy "arn:aws:iam::111122223333:policy\/KmsUse" is not defined in account 111122223333/ },
  { file: 'duplicate-user-arn.yaml', pointer: '/accounts/0/users/1', line: 5, column: 9, message: /duplicate IAM user .*already defined at test\/fixtures\/world\/bad\/duplicate-user-arn.yaml:4:9/ },
  { file: 'bad-key-state.yaml', pointer: '/keys/0/state', line: 3, column: 12, message: /expected a key state \(.*PendingDeletion.*\), found the string "Enable"/ },
  { file: 'bad-key-arn.yaml', pointer: '/keys/0/arn', line: 2, column: 10, message: /expected a KMS key ARN/ },
  { file: 'duplicate-alias.yaml', pointer: '/keys/1/aliases/0', line: 7, column: 15, message: /alias "arn:aws:kms:us-west-2:444455556666:alias\/app" is already used by key/ },
  { file: 'missing-file-ref.yaml', pointer: '/keys/0/policy/$file', line: 3, column: 22, message: /^cannot read test\/fixtures\/world\/bad\/no-such-policy.json: no such file$/ },
  { file: 'file-ref-cycle.yaml', reportedFile: 'cycle-b.json', pointer: '/$file', line: 1, column: 12, message: /"\$file" references form a cycle: .*file-ref-cycle.yaml -> .*cycle-a.json -> .*cycle-b.json -> .*cycle-a.json/ },
  { file: 'error-in-referenced-file.yaml', reportedFile: 'referenced-policy.json', pointer: '/Statement/0/Condition/StringLike/kms:ViaService', line: 9, column: 56, message: /expected a condition value .* found null/ },
  { file: 'bad-url-encoding.yaml', pointer: '/accounts/0/users/0/policies/0/document', line: 7, column: 23, message: /looks URL-encoded but is not valid URL encoding/ },
  { file: 'error-in-json-string.yaml', pointer: '/keys/0/policy/Statement/0/Effect', line: 3, column: 13, message: /found the string "Alow" \(inside the document string, line 1, column 27\)/ },
  { file: 'bad-grant-operation.yaml', pointer: '/keys/0/grants/0/Operations/1', line: 7, column: 31, message: /"kms:Encrypt" is not a grant operation/ },
  { file: 'metadata-state-conflict.yaml', pointer: '/keys/0/metadata/KeyMetadata/KeyState', line: 7, column: 19, message: /KeyState "Disabled" contradicts the key's state "Enabled"/ },
  { file: 'truncated-authorization-details.yaml', pointer: '/accounts/0/authorizationDetails/IsTruncated', line: 5, column: 20, message: /output is truncated/ },
  { file: 'no-default-version.yaml', pointer: '/accounts/0/authorizationDetails/Policies/0/PolicyVersionList', line: 8, column: 13, message: /exactly one version with IsDefaultVersion true .* found 0/ },
  { file: 'scp-target-not-member.yaml', pointer: '/organization/serviceControlPolicies/0/targets/0', line: 6, column: 17, message: /account 999999999999 is not a member of the organization/ },
  { file: 'top-level-array.json', pointer: '', line: 1, column: 1, message: /expected a world: an object with "accounts".*found an array/ },
];

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`expected an InputError, got ${String(e)}`);
  }
  throw new Error('expected an InputError, but the input was accepted');
}

describe('bad world inputs', () => {
  test.each(cases)('$file', ({ file, reportedFile, pointer, line, column, message }) => {
    const error = errorOf(() => loadWorld(`${dir}/${file}`));
    expect(error.location).toEqual({ file: `${dir}/${reportedFile ?? file}`, pointer, line, column });
    expect(error.expected).toMatch(message);
    // The message the CLI prints starts with file:line:column.
    expect(error.message.startsWith(`${dir}/${reportedFile ?? file}:${line}:${column}`)).toBe(true);
  });

  test('an empty file is not a world', () => {
    const error = errorOf(() => loadWorld(`${dir}/empty.yaml`));
    expect(error.location).toEqual({ file: `${dir}/empty.yaml`, pointer: '' });
    expect(error.expected).toMatch(/expected a world.*found null/);
  });

  test('a missing world file is reported by name, without a location', () => {
    const error = errorOf(() => loadWorld(`${dir}/does-not-exist.yaml`));
    expect(error.location).toBeUndefined();
    expect(error.message).toBe(`cannot read ${dir}/does-not-exist.yaml: no such file`);
  });

  test('a directory that is neither a world directory nor an iam-collect store', () => {
    const error = errorOf(() => loadWorld(dir));
    expect(error.message).toBe(`${dir} is a directory, but neither a world directory (no world.yaml, as keyproof collect writes) nor an iam-collect store (no aws/<partition>/accounts/)`);
  });
});
