// Bundles the web app into dist/ (app.js, app.css), which Nurture.Server embeds and serves.
// Run by the server's build (see Nurture.Server.csproj); nothing is fetched at run time.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/main.tsx'],
  bundle: true,
  outfile: 'dist/app.js',
  format: 'esm',
  minify: true,
  sourcemap: false,
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  logLevel: 'warning',
});
