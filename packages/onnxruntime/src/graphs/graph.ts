import type { ImageDType } from '@aug/core';
import type { ValueInfo } from '../proto/onnx.js';
import type { ViewKind } from './view.js';

/** What every graph key has: the structure a plan needs, never its numbers. */
export interface KeyBase {
  readonly dtype: ImageDType;
  readonly view: ViewKind;
}

/** A graph ready for a session: the model bytes and its documented signature. */
export interface BuiltGraph {
  readonly name: string;
  readonly doc: string;
  readonly model: Uint8Array;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}
