import type { ExampleOptions } from './args.js';
import { useBackend } from './backend.js';
import { loadFashionMnist } from './data.js';

/** What both examples do first: pick the tfjs backend and load the images they asked for. */
export async function setUpExample(options: ExampleOptions) {
  await useBackend(options.backend);
  return loadFashionMnist({
    dir: options.dataDir,
    trainCount: options.trainCount,
    testCount: options.testCount,
  });
}
