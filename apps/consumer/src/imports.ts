import { builtinModules } from 'node:module';
import ts from 'typescript';

/**
 * The packages a module imports, statically or dynamically, by the name a package.json
 * would declare them under (`@scope/name` or `name`). Relative imports and Node's own
 * modules are left out. TypeScript's pre-processor reads the imports, so a string that
 * merely looks like one (in an error message, say) is not counted.
 */
export function importedPackages(source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  const names = importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => !specifier.startsWith('.') && !isNodeBuiltin(specifier))
    .map(packageName);
  return [...new Set(names)].sort();
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
