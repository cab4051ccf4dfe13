// Sends a recorded sequence of Shopify customer events to a collector through the web pixel's own
// code and Node's fetch (what JUnit's ShopifyPixelCollectorTest runs):
//   node scripts/send-recorded-events.mjs --collector http://127.0.0.1:8090 --app-id walnut-demo \
//     [--events test/fixtures/customer-events.json]
// Prints one JSON line: {"subscribed": [...], "handled": [...]}.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot, replay } from '../test/pixel-harness.mjs';

const { values } = parseArgs({
  options: {
    collector: { type: 'string' },
    'app-id': { type: 'string' },
    events: { type: 'string', default: path.join(appRoot, 'test/fixtures/customer-events.json') },
  },
});
if (!values.collector || !values['app-id']) {
  console.error('usage: send-recorded-events.mjs --collector URL --app-id ID [--events FILE]');
  process.exit(2);
}
// the pixel logs and drops what the collector refuses; here that is a failure
const warn = console.warn;
let warnings = 0;
console.warn = (...args) => {
  warnings++;
  warn(...args);
};
const recording = JSON.parse(fs.readFileSync(values.events, 'utf8'));
const result = await replay(recording, { collectorUrl: values.collector, appId: values['app-id'] });
console.log(JSON.stringify(result));
process.exit(warnings === 0 ? 0 : 1);
