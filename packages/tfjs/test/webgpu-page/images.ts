/**
 * Two uint8 images of side x side whose sums lie one away from a tie on either side
 * (227.5 n - 1 and 228.5 n + 1): a sum off by one rounds its mean to the other neighbour.
 */
export function tieAdjacentImages(side: number): Uint8Array {
  const n = side * side;
  const data = new Uint8Array(2 * n);
  for (let i = 0; i < n; i++) {
    data[i] = 200 + (i % 56);
    data[n + i] = 201 + (i % 56);
  }
  const nudge = (from: number, target: number) => {
    let missing = target - data.subarray(from, from + n).reduce((a, v) => a + v, 0);
    for (let i = from; missing !== 0; i++) {
      const room = missing > 0 ? 255 - data[i]! : data[i]!;
      const step = Math.sign(missing) * Math.min(Math.abs(missing), room);
      data[i]! += step;
      missing -= step;
    }
  };
  nudge(0, 227.5 * n - 1);
  nudge(n, 228.5 * n + 1);
  return data;
}
