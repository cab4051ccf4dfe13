import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { root } from './shopify-liquid.mjs';

function loadScript() {
  const module = { exports: {} };
  vm.runInNewContext(fs.readFileSync(path.join(root, 'assets', 'walnut-recommendations.js'), 'utf8'), { module });
  return module.exports;
}

test('domain_userid is the first dot-separated element of the _sp_id cookie', () => {
  const { domainUserId } = loadScript();
  assert.equal(domainUserId('a=1; _sp_id.1fff=5f0c2d9e-1b7a-4c33.1700000000.3.1700000500.1699990000; b=2'), '5f0c2d9e-1b7a-4c33');
  assert.equal(domainUserId('_sp_id.abcd=5f0c2d9e%2D1b7a.1700000000'), '5f0c2d9e-1b7a');
  assert.equal(domainUserId('_sp_ses.1fff=*; other=x'), null);
  assert.equal(domainUserId(''), null);
  assert.equal(domainUserId('_sp_id.1fff='), null);
});

test('the handle of an anonymous shopper is what the sink writes', () => {
  const { handleFor } = loadScript();
  assert.equal(handleFor('5F0C2D9E-1b7a-4c33'), 'a-5f0c2d9e-1b7a-4c33');
  assert.equal(handleFor('ab_cd'), 'a-ab-cd');
});
