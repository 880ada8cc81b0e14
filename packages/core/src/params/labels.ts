import { numberParam, optionalParam } from './spec.js';

/** `numClasses` and `labelSmoothing`, for the strategies that mix labels. */
export const labelParams = {
  numClasses: optionalParam(
    numberParam({ min: 1, integer: true, default: 1, doc: '' }),
    'Number of classes K, needed when labels are integer class ids [B] (they become one-hot [B, K]); not needed for [B, K] labels.',
  ),
  labelSmoothing: numberParam({
    min: 0,
    max: 1,
    maxExclusive: true,
    default: 0,
    doc: 'Label smoothing epsilon: every label row the strategy is given (augmented or not; in a oneOf or randomApply, the rows routed to it) becomes y * (1 - epsilon) + epsilon / K.',
  }),
};
