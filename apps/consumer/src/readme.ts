/** The TypeScript examples of a Markdown document (its ```ts blocks), in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/**
 * The packages a Markdown document tells its reader to install: the arguments of every
 * `pnpm add`, `npm install` / `npm i` and `yarn add` line in its ```bash blocks, flags
 * and comments left out, version ranges stripped (`name@^1` -> `name`).
 */
export function installedPackages(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  const names = blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/#.*$/, '').trim())
    .map((line) => /^(?:pnpm add|npm (?:install|i)|yarn add)\s+(.*)$/.exec(line)?.[1] ?? '')
    .flatMap((args) => args.split(/\s+/))
    .filter((arg) => arg !== '' && !arg.startsWith('-'))
    .map((arg) => arg.replace(/(?<=.)@.*$/, ''));
  return [...new Set(names)].sort();
}

/**
 * The link targets of a Markdown document that are not web addresses, without their
 * `#anchor`: inline links and images (`[text](target)`, `[text](<target>)`), reference
 * definitions (`[ref]: target`) and HTML `href` / `src`. Web addresses, `mailto:` and
 * links within the page are left out; a root-absolute `/path` is kept as it is (no
 * package file is at the root of a site). Code (fenced blocks, `inline`) holds no links.
 */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  const patterns = [
    /!?\[[^\]]*\]\(<([^>]+)>[^)]*\)/g,
    /!?\[[^\]]*\]\(([^)<\s]+)(?:\s+"[^"]*")?\)/g,
    /^ {0,3}\[[^\]]+\]:\s*<?([^>\s]+)>?/gm,
    /\b(?:href|src)\s*=\s*["']([^"']+)["']/g,
  ];
  return patterns
    .flatMap((pattern) => [...prose.matchAll(pattern)].map((match) => match[1]!))
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURI(target.replace(/#.*$/, '')));
}
