// A bound on the request-body bytes the emulator holds in memory at once, over all requests: parallel large bodies
// (forty of 28 MB each took 1.3 GB before) wait their turn instead. A body that would pass the bound is paused (its
// client is not read from, so TCP holds the rest back) until bodies that are done free their bytes. The oldest body
// still being read is never paused, so the bound can never stop every body at once: memory stays within the bound plus
// that one body, plus at most one chunk per paused request.

/** One request's part: what it holds, and whether it is paused. */
export interface BudgetShare {
  /** A chunk arrived and is kept. */
  hold(bytes: number): void;
  /** Its kept bytes were dropped (a body past the size limit keeps nothing). */
  drop(): void;
  /** The body was read whole: it no longer counts as being read (its bytes stay held until `leave`). */
  doneReading(): void;
  /** The request is over: its bytes are freed. */
  leave(): void;
}

interface Member {
  held: number;
  reading: boolean;
  paused: boolean;
  pause: () => void;
  resume: () => void;
}

export class BodyBudget {
  private held = 0;
  /** In the order they joined: the first one still reading is the oldest. */
  private readonly members = new Set<Member>();

  constructor(private readonly maxBytes: number) {}

  /** Bytes held now, by all requests. */
  get heldBytes(): number {
    return this.held;
  }

  /** A request whose body is read; `pause` and `resume` stop and restart reading from its client. */
  join(pause: () => void, resume: () => void): BudgetShare {
    const member: Member = { held: 0, reading: true, paused: false, pause, resume };
    this.members.add(member);
    return {
      hold: (bytes) => {
        member.held += bytes;
        this.held += bytes;
        if (this.held > this.maxBytes && !member.paused && member !== this.oldestReading()) {
          member.paused = true;
          member.pause();
        }
      },
      drop: () => {
        this.held -= member.held;
        member.held = 0;
        this.wake();
      },
      doneReading: () => {
        member.reading = false;
        this.wake();
      },
      leave: () => {
        if (!this.members.delete(member)) return;
        this.held -= member.held;
        member.held = 0;
        this.wake();
      },
    };
  }

  private oldestReading(): Member | undefined {
    for (const member of this.members) if (member.reading) return member;
    return undefined;
  }

  /** Lets paused bodies go on while the bound allows, oldest first; the oldest one being read goes on regardless. */
  private wake(): void {
    const oldest = this.oldestReading();
    for (const member of this.members) {
      if (!member.paused) continue;
      if (this.held > this.maxBytes && member !== oldest) break;
      member.paused = false;
      member.resume();
    }
  }
}
