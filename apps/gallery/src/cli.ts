#!/usr/bin/env node
// tfjs on its CPU backend registers as 'tfjs', so `--backend tfjs` renders the same sheets
// through @aug/tfjs (the other adapters need a device or an onnxruntime module: the web page has them).
import '@tensorflow/tfjs-backend-cpu';
import '@aug/tfjs';
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  cwd: process.cwd(),
  initCwd: process.env.INIT_CWD,
});
