import { runHostConformance } from './host-conformance.js';

runHostConformance('cpu');
