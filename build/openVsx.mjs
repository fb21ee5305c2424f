// Open VSX's side of `npm run package`: runs what `ovsx publish` does before it uploads, on the .vsix vsce made,
// with Open VSX's own tool (ovsx, from npm): the manifest check and the license check it applies to open-vsx.org,
// and reading the package the way it reads it (the namespace is the publisher). Only the upload is left: it needs
// the network and a token, so it is printed, not run.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ovsx = require('ovsx');
const { readVSIXPackage } = require('ovsx/lib/zip');

const vsix = path.resolve(process.argv[2] ?? 'posthog-workbench.vsix');
const root = path.resolve(import.meta.dirname, '..');
const manifest = await ovsx.readManifest(root);
ovsx.validateManifest(manifest);
if (!(await ovsx.isLicenseOk(root, manifest)))
  throw new Error(
    'Open VSX accepts only licensed extensions: package.json has no license and there is no LICENSE file.',
  );
const packaged = await readVSIXPackage(vsix);
ovsx.validateManifest(packaged);
for (const field of ['publisher', 'name', 'version', 'license']) {
  if (packaged[field] !== manifest[field])
    throw new Error(
      `${path.basename(vsix)} has ${field} ${packaged[field]}, package.json ${manifest[field]}: package again`,
    );
}
console.log(
  `Open VSX: ${path.basename(vsix)} is ${packaged.publisher}.${packaged.name} ${packaged.version} (${packaged.license}), namespace ${packaged.publisher}.`,
);
console.log(
  `To publish (needs the network and an Open VSX token): npx ovsx publish ${path.relative(process.cwd(), vsix)} -p <token>`,
);
