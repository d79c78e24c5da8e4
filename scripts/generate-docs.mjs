// Writes docs/rules.md from the built rules (run `npm run build` first; `npm run docs` does both).
import { writeFileSync } from 'node:fs';

const { loadRules } = await import('../dist/src/engine/load-rules.js');
const { renderCatalogue } = await import('../dist/src/report/render-catalogue.js');

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderCatalogue(await loadRules()));
