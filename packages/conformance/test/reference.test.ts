import { referenceBackend } from '@aug/core';
import { runConformance } from '../src/index.js';

// The reference backend is the oracle for every adapter; here it is held to the spec
// itself (the suite's naive per-pixel reading of STRATEGIES.md) and to the invariants.
runConformance({ name: 'reference', backend: referenceBackend });
