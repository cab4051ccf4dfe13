// shopify.app.toml and the extensions' shopify.extension.toml, parsed and checked against the
// fields Shopify documents as required (app configuration, theme app extensions, web pixels).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { appRoot } from './pixel-harness.mjs';

// plain objects (the parser's tables have no prototype)
const toml = (file) => JSON.parse(JSON.stringify(parse(fs.readFileSync(path.join(appRoot, file), 'utf8'))));

test('shopify.app.toml: the required fields, the scopes Walnut needs, the app-owned type the sink writes', () => {
  const app = toml('shopify.app.toml');
  for (const key of ['name', 'client_id', 'application_url', 'embedded']) assert.ok(key in app, `${key} is required`);
  assert.equal(typeof app.name, 'string');
  assert.match(app.client_id, /^[0-9a-f]{32}$/, 'a client id of the documented form (placeholder)');
  assert.doesNotThrow(() => new URL(app.application_url));
  assert.equal(typeof app.embedded, 'boolean');
  assert.deepEqual(app.access_scopes.scopes.split(','), ['write_metaobjects', 'write_metaobject_definitions', 'read_products']);
  assert.match(app.webhooks.api_version, /^\d{4}-\d{2}$/);

  // the same definition shopify-sink's RecommendationDefinition bootstraps through the Admin API
  const sink = JSON.parse(fs.readFileSync(path.join(appRoot, '../shopify-sink/src/main/resources/dev/walnut/shopify/admin/definition.json'), 'utf8')).definition;
  assert.equal(sink.type, '$app:recommendations');
  const declared = app.metaobjects.app.recommendations;
  assert.equal(declared.name, sink.name);
  assert.equal(declared.display_name_field, sink.displayNameKey);
  assert.deepEqual(declared.access, { admin: sink.access.admin.toLowerCase(), storefront: sink.access.storefront.toLowerCase() });
  assert.deepEqual(
    Object.entries(declared.fields).map(([key, f]) => [key, f.name, f.type, f.required === true]),
    sink.fieldDefinitions.map((f) => [f.key, f.name, f.type, f.required === true]),
  );
  assert.equal(declared.fields.products.validations.max, 10);
});

test('the theme app extension: name and type "theme", the blocks Shopify loads', () => {
  const extension = toml('extensions/walnut-recommendations/shopify.extension.toml');
  assert.deepEqual(extension, { name: 'walnut-recommendations', type: 'theme' });
  const blocks = fs.readdirSync(path.join(appRoot, 'extensions/walnut-recommendations/blocks')).sort();
  assert.deepEqual(blocks, ['recommendations.liquid', 'tracker-embed.liquid']);
});

test('the web pixel extension: type, strict runtime, analytics consent, the collectorUrl and appId settings', () => {
  const pixel = toml('extensions/walnut-pixel/shopify.extension.toml');
  assert.equal(pixel.type, 'web_pixel_extension');
  assert.equal(typeof pixel.name, 'string');
  assert.equal(pixel.runtime_context, 'strict');
  assert.deepEqual(pixel.customer_privacy, { analytics: true, marketing: false, preferences: false, sale_of_data: 'disabled' });
  assert.equal(pixel.settings.type, 'object');
  assert.deepEqual(Object.keys(pixel.settings.fields), ['collectorUrl', 'appId']);
  for (const field of Object.values(pixel.settings.fields)) {
    assert.equal(field.type, 'single_line_text_field');
    assert.equal(typeof field.name, 'string');
    assert.ok(field.validations.every((v) => ['min', 'max', 'regex', 'choices'].includes(v.name)));
  }
  assert.ok(fs.existsSync(path.join(appRoot, 'extensions/walnut-pixel/src/index.js')), 'the entry point Shopify bundles');
});
