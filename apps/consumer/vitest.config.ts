import { mergeConfig } from 'vitest/config';
import { packageConfig } from '../../vitest.shared.js';

// Packing and installing take a while: done once, in the global setup, for every file.
export default mergeConfig(packageConfig(import.meta.dirname), {
  test: { globalSetup: ['test/user-project.ts'] },
});
