/** The example worlds shipped with the package load without error. */
import { readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { loadWorld } from '../../src/world/load.js';

test.each(readdirSync('examples').filter((f) => /\.(ya?ml|json)$/.test(f)))('examples/%s loads', (file) => {
  expect(loadWorld(`examples/${file}`).keys.size).toBeGreaterThan(0);
});
