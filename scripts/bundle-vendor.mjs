// Bundles vendor/*.mjs into dist/vendor/: the AWS SDK commands the collectors use, tree-shaken
// from the SDK's ES modules, with the code both bundles share split into one chunk.
import { build } from 'esbuild';

await build({
  entryPoints: ['vendor/ec2.mjs', 'vendor/route53.mjs'],
  outdir: 'dist/vendor',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
