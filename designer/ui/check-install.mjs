// Runs before `npm run build`: a clear message instead of "tsc: not found" when the
// dependencies are missing.
import { existsSync } from "node:fs";

if (!existsSync(new URL("./node_modules/vite/package.json", import.meta.url))) {
  console.error(
    "designer/ui has no node_modules: run `npm ci` in designer/ui (scripts/setup.sh does it)," +
      " or build the server alone with -Dwalnut.ui.skip",
  );
  process.exit(1);
}
