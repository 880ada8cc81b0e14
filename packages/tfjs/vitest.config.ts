import { packageConfig } from '../../vitest.shared.js';

// Dawn on SwiftShader compiles every pipeline on the CPU; with CI's other test jobs on the
// same 2 cores a case can take 10-20 s (it takes ~1 s alone), so the hang guard is wider.
export default packageConfig(import.meta.dirname, 60_000);
