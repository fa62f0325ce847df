// Bundles the widget and the terminal page with esbuild once per process, in memory: the
// server ships browser code without a separate build step or a committed bundle.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'client');

export interface ClientBundle {
  js: string;
}

const cache = new Map<string, Promise<ClientBundle>>();

/** `entry` is relative to client/, e.g. `widget/index.ts`. */
export function clientBundle(entry: string): Promise<ClientBundle> {
  let bundle = cache.get(entry);
  if (!bundle) {
    bundle = build({
      entryPoints: [path.join(CLIENT_DIR, entry)],
      bundle: true,
      write: false,
      format: 'iife',
      target: ['chrome110', 'firefox115', 'safari16'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
    }).then((result) => ({ js: result.outputFiles[0]!.text }));
    bundle.catch(() => cache.delete(entry));
    cache.set(entry, bundle);
  }
  return bundle;
}
