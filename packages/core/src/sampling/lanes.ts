/**
 * Lanes of a strategy's key: each purpose draws from its own lane, and per-image lanes
 * are indexed by the image, so image b's geometry does not depend on the batch size or
 * on how many numbers another purpose drew.
 */
export const Lane = {
  /** Which images are augmented. */
  select: 1,
  /** Partners of mixing strategies. */
  partner: 2,
  /** Per-image geometry and weights (index = image). */
  image: 3,
  /** Per-image fill colours and noise seeds (index = image). */
  fill: 4,
  /** Pipeline choices (oneOf, randomApply). */
  gate: 5,
} as const;
