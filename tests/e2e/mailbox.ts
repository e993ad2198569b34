import type { ReceivedMail } from "../helpers/smtp-sink";

// The e2e server's mail, as the loopback SMTP server of the global setup received it (app-server.ts).

/** Mails to `address` (whose subject matches `subject`, if given), waiting up to `ms` for at least one. */
export async function mailsTo(address: string, subject?: RegExp, ms = 15_000): Promise<ReceivedMail[]> {
  const url = process.env.E2E_MAILBOX_URL;
  if (!url) throw new Error("E2E_MAILBOX_URL is not set: run this under the e2e project's global setup");
  const deadline = Date.now() + ms;
  for (;;) {
    const all = (await (await fetch(url)).json()) as ReceivedMail[];
    const found = all.filter((m) => m.to.includes(address) && (!subject || subject.test(m.subject)));
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first link of a mail's text part that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((l) => l.startsWith(prefix));
  if (!link) throw new Error(`no ${prefix} link in "${mail.subject}": ${mail.text.slice(0, 300)}`);
  return link;
}
