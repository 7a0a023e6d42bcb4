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

class Member implements BudgetShare {
  held = 0;
  reading = true;
  paused = false;

  constructor(
    private readonly budget: BodyBudget,
    readonly pause: () => void,
    readonly resume: () => void,
  ) {}

  hold(bytes: number): void {
    this.budget.hold(this, bytes);
  }

  drop(): void {
    this.budget.drop(this);
  }

  doneReading(): void {
    this.reading = false;
    this.budget.wake();
  }

  leave(): void {
    this.budget.leave(this);
  }
}

export class BodyBudget {
  private held = 0;
  /** How many members are paused: without any, there is nobody to wake (the usual case, at no cost). */
  private paused = 0;
  /** In the order they joined: the first one still reading is the oldest. */
  private readonly members = new Set<Member>();

  constructor(private readonly maxBytes: number) {}

  /** Bytes held now, by all requests. */
  get heldBytes(): number {
    return this.held;
  }

  /** A request whose body is read; `pause` and `resume` stop and restart reading from its client. */
  join(pause: () => void, resume: () => void): BudgetShare {
    const member = new Member(this, pause, resume);
    this.members.add(member);
    return member;
  }

  hold(member: Member, bytes: number): void {
    member.held += bytes;
    this.held += bytes;
    if (this.held > this.maxBytes && !member.paused && member !== this.oldestReading()) {
      member.paused = true;
      this.paused++;
      member.pause();
    }
  }

  drop(member: Member): void {
    this.held -= member.held;
    member.held = 0;
    this.wake();
  }

  leave(member: Member): void {
    if (!this.members.delete(member)) return;
    if (member.paused) this.paused--;
    this.held -= member.held;
    member.held = 0;
    this.wake();
  }

  private oldestReading(): Member | undefined {
    for (const member of this.members) if (member.reading) return member;
    return undefined;
  }

  /** Lets paused bodies go on while the bound allows, oldest first; the oldest one being read goes on regardless. */
  wake(): void {
    if (this.paused === 0) return;
    const oldest = this.oldestReading();
    for (const member of this.members) {
      if (!member.paused) continue;
      if (this.held > this.maxBytes && member !== oldest) break;
      member.paused = false;
      this.paused--;
      member.resume();
    }
  }
}
