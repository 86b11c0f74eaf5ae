// The colour a person's cursor and avatar get in a room: fixed per user, from a palette that reads
// on a white page.
const PALETTE = ['#e11d48', '#db2777', '#9333ea', '#4f46e5', '#2563eb', '#0284c7', '#0891b2', '#0d9488', '#059669', '#65a30d', '#ca8a04', '#ea580c'];

/** The presence colour of `userId` (#rrggbb). */
export function presenceColor(userId: string): string {
  // FNV-1a: spreads similar ids over the palette without async crypto.
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}
