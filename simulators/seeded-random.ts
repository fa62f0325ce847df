// The one seeded PRNG (mulberry32) of the simulations: a fault run or a simulated result feed
// replays exactly from its seed, the demo floor drifts the same way each run, and the demo plant
// generator writes byte-identical JSON. Small and well mixed; not for cryptography.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
