/**
 * A plan's numbers, packed into one array of 32-bit words for one storage buffer: every
 * field is a run of words at an offset the generated shader knows as a constant.
 * Integers are stored as their two's complement bits, floats as their IEEE bits, so
 * the shader reads them back exactly with `bitcast`.
 */
export class ParamWriter {
  private readonly parts: Uint32Array[] = [];
  private length = 0;
  private readonly constants: string[] = [];

  /** Appends a field and declares `const NAME = offset;` for the shader. */
  add(name: string, values: ArrayLike<number>, type: 'i32' | 'u32' | 'f32'): this {
    const words = new Uint32Array(values.length);
    if (type === 'f32') {
      words.set(new Uint32Array(Float32Array.from(values).buffer));
    } else if (type === 'i32') {
      words.set(new Uint32Array(Int32Array.from(values).buffer));
    } else {
      for (let i = 0; i < values.length; i++) words[i] = values[i]! >>> 0;
    }
    this.constants.push(`const ${name} = ${this.length}u;`);
    this.parts.push(words);
    this.length += words.length;
    return this;
  }

  /** The WGSL constants naming each field's offset. */
  declarations(): string {
    return this.constants.join('\n');
  }

  /** All fields, one after the other (at least one word: a binding cannot be empty). */
  words(): Uint32Array<ArrayBuffer> {
    const out = new Uint32Array(Math.max(1, this.length));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** WGSL reading the packed parameters: `P` is bound as `array<u32>`. */
export const PARAM_READERS = /* wgsl */ `
fn pu(i: u32) -> u32 { return P[i]; }
fn pi(i: u32) -> i32 { return bitcast<i32>(P[i]); }
fn pf(i: u32) -> f32 { return bitcast<f32>(P[i]); }
`;
