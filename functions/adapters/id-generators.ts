import { createHash, randomUUID } from 'node:crypto';
import type { IdGenerator } from '#ports/id-generator';

export const randomIds: IdGenerator = {
  newId: () => randomUUID(),
  // A UUID-shaped digest of the key: ids of imported contacts look like the others.
  idFor: (naturalKey) => {
    const hex = createHash('sha256').update(naturalKey).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  },
};
