import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/**
 * What a module (or a declaration file) imports, statically, dynamically or as a
 * `/// <reference types>`, as written. TypeScript's pre-processor reads the imports, so a
 * string that merely looks like one (in an error message, say) is not counted.
 */
function importSpecifiers(source: string): string[] {
  const { importedFiles, typeReferenceDirectives } = ts.preProcessFile(source, true, true);
  return [...importedFiles, ...typeReferenceDirectives].map(({ fileName }) => fileName);
}

/**
 * The packages a module imports, by the name a package.json would declare them under
 * (`@scope/name` or `name`). Relative imports and Node's own modules are left out.
 */
export function importedPackages(source: string): string[] {
  const names = importSpecifiers(source)
    .filter((specifier) => !specifier.startsWith('.') && !isNodeBuiltin(specifier))
    .map(packageName);
  return [...new Set(names)].sort();
}

/** The Node built-in modules a module imports (`node:fs`, `path`, ...), as written. */
export function importedNodeBuiltins(source: string): string[] {
  return [...new Set(importSpecifiers(source).filter(isNodeBuiltin))].sort();
}

/**
 * The modules reachable from `entries` (paths inside a package) through relative imports,
 * entries included; `read` gives a module's text.
 */
export function reachableModules(
  entries: readonly string[],
  read: (path: string) => string,
): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const specifier of importSpecifiers(read(path))) {
      if (specifier.startsWith('.')) pending.push(posix.join(posix.dirname(path), specifier));
    }
  }
  return seen;
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
