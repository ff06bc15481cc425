/** `npm run proofs`: every property of KMS_PROPERTIES is proved by Z3 against src/semantics/kms.kp. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { kmsRulesFile } from '../src/semantics/kms-rules.js';
import { KMS_PROPERTIES } from './kms-properties.js';
import { prove } from './prover.js';

const rules = readFileSync(kmsRulesFile(), 'utf8');

describe('properties of src/semantics/kms.kp', () => {
  for (const property of KMS_PROPERTIES) {
    test(`${property.name}: ${property.claim} [${property.doc}]`, async () => {
      const result = await prove(property, rules);
      expect(result, JSON.stringify(result, null, 2)).toEqual({ proved: true });
    });
  }
});
