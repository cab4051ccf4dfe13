import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { check } from '@shopify/theme-check-node';
import { appRoot } from './pixel-harness.mjs';

test("Shopify's theme-check (theme app extension checks) finds nothing to fix in the extension", async () => {
  const offenses = await check(path.join(appRoot, 'extensions/walnut-recommendations'));
  const described = offenses.map((o) => `${o.uri} ${o.check} (severity ${o.severity}): ${o.message}`);
  assert.deepEqual(described, []);
});
