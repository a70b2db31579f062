// Writes src/api/schema.d.ts, the types of every API route, from the OpenAPI document the server's build
// produces (Nurture.Server.csproj runs this, then the type check, after each build). Generated, not committed:
// a route whose shape changes breaks the web app's type check in the same build.
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: node generate-api.mjs <openapi.json> <schema.d.ts>');

const document = JSON.parse(await readFile(source, 'utf8'));
numbersAreNumbers(document);
const types = `// Generated from ${source.split(/[\\/]/).pop()} by generate-api.mjs: do not edit.\n\n${astToString(await openapiTS(document))}`;
const previous = await readFile(target, 'utf8').catch(() => null);
if (previous !== types) await writeFile(target, types);

// The server reads numbers sent as strings too ("5"), so the document types every number as
// "integer or string of digits"; the server always writes numbers, and so should the app.
function numbersAreNumbers(node) {
  if (Array.isArray(node)) { node.forEach(numbersAreNumbers); return; }
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node.type) && node.type.includes('string') && node.type.some((t) => t === 'integer' || t === 'number')) {
    node.type = node.type.filter((t) => t !== 'string');
    delete node.pattern;
  }
  Object.values(node).forEach(numbersAreNumbers);
}
