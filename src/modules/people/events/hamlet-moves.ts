import { today } from '../../../core/clock.js';
import type { Actor } from '../../../core/actor.js';
import { newId } from '../../../core/ids.js';
import type { Executor } from '../../../db/connection.js';
import { lifeEvents } from './schema.js';

export interface HamletMove {
  residentId: string;
  /** The place left (a hamlet, or the commune itself when no hamlet was known). */
  from: string;
  to: string;
}

/**
 * Records moves between hamlets of one commune (chuyển thôn), dated today, with the place each person
 * left (`unit_path`, as a transfer's 'out' row): a day before the move still finds them where they
 * lived (population.ts `residentsOnDay`), and the indicators recompute the place they left
 * (counters.ts `placesOfResidents`). Called wherever a resident's place changes inside the commune:
 * an address edited, a new household, a household that moved.
 */
export async function recordHamletMoves(tx: Executor, actor: Actor, moves: HamletMove[]): Promise<void> {
  const real = moves.filter((m) => m.from !== m.to);
  if (!real.length) return;
  await tx.insert(lifeEvents).values(
    real.map((m) => ({
      id: newId(),
      residentId: m.residentId,
      kind: 'hamlet_move' as const,
      occurredOn: today(),
      unitPath: m.from,
      details: { direction: 'out', to: m.to },
      recordedBy: actor.username,
    })),
  );
}
