import { describe, expect, it } from "vitest";
import { notifications, subscribe } from "../../lib/db/notifications";

// A subscription is taken before the first read, so a signal may arrive before the first wait.
// That wait must answer at once (found by bench:http's wake run, where it threw instead).

const signal = (subjectId: string) => ({ event_id: null, org_id: "org_x", type: "intent.resolved", subject_id: subjectId });

describe("subscribe", () => {
  it("answers a wait with true when the signal came before it", async () => {
    const subscription = subscribe("int_early");
    try {
      notifications().emit("signal", signal("int_early"));
      await expect(subscription.wait(5_000)).resolves.toBe(true);
    } finally {
      subscription.close();
    }
  });

  it("ignores other subjects and answers false when the wait runs out", async () => {
    const subscription = subscribe("int_quiet");
    try {
      notifications().emit("signal", signal("int_other"));
      await expect(subscription.wait(50)).resolves.toBe(false);
    } finally {
      subscription.close();
    }
  });
});
