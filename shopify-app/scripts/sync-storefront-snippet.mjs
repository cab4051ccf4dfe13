// Copies the storefront snippet's Liquid and script into the theme app extension, so the app block
// renders exactly what hand-edited themes render (one source: ../storefront-snippet).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const snippet = path.resolve(app, '../storefront-snippet');
const extension = path.join(app, 'extensions/walnut-recommendations');
for (const file of ['snippets/walnut-recommendations.liquid', 'assets/walnut-recommendations.js']) {
  fs.mkdirSync(path.dirname(path.join(extension, file)), { recursive: true });
  fs.copyFileSync(path.join(snippet, file), path.join(extension, file));
}
