import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '@shopify/theme-check-node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test("Shopify's theme-check finds nothing to fix in the snippet and the asset", async () => {
  const offenses = await check(root);
  const described = offenses.map((o) => `${o.uri} ${o.check} (severity ${o.severity}): ${o.message}`);
  assert.deepEqual(described, []);
});
