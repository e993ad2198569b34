import { open, seal } from "../auth/secret-box";
import { db } from "../db/client";
import type { OrgTx } from "../db/scoped";
import { newId } from "../ids";
import { type MailMessage, sendMail, smtpTransport } from "./transport";

// The outbox of account mails (password reset): a row is written in the transaction that makes
// the mail's reason (so a rollback sends nothing), then delivered by deliverAccountMails, which
// claims due rows with SKIP LOCKED (any number of instances may run it), sends over SMTP outside
// any transaction, and retries a refusal with backoff. The message is sealed with TOLLGATE_SECRET
// because it may carry a secret link, and wiped once sent. Without SMTP_URL nothing is sent: the
// mail is held, the server log names it without its secret, and `npm run cli -- mail show <id>`
// prints it for the operator.

const PURPOSE = "account-mail";
/** Attempts before a mail is given up on (status failed). */
export const MAX_MAIL_ATTEMPTS = 8;
/** A claimed mail is not claimed again for this long (a sender that died mid-send). */
const CLAIM_SECONDS = 300;
const BATCH = 20;

type RawTx = Pick<OrgTx, "$executeRaw">;

/** Queues a mail in the caller's transaction; answers its id. */
export async function queueAccountMail(tx: RawTx, kind: string, message: MailMessage): Promise<string> {
  const id = newId("mail");
  await tx.$executeRaw`INSERT INTO account_mails (id, kind, to_address, subject, sealed_message)
    VALUES (${id}, ${kind}, ${message.to}, ${message.subject}, ${seal(PURPOSE, JSON.stringify(message), id)})`;
  return id;
}

/** The message of a queued or held mail, for the CLI; null once sent (wiped) or when there is none. */
export async function heldMessage(id: string): Promise<MailMessage | null> {
  const row = await db().accountMail.findUnique({ where: { id }, select: { sealedMessage: true } });
  return row?.sealedMessage ? (JSON.parse(open(PURPOSE, row.sealedMessage, id)) as MailMessage) : null;
}

/** Seconds until the next try after `attempts` failed ones: 30 s, 1 min, 2 min … at most an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

type Claimed = { id: string; kind: string; to_address: string; subject: string; sealed_message: string; attempts: number };

/** Sends the due account mails (system-run: the sweeper, and the request that queued one). Answers how many were sent. */
export async function deliverAccountMails(): Promise<number> {
  const claimed = await db().$queryRaw<Claimed[]>`
    UPDATE account_mails SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
    WHERE id IN (
      SELECT id FROM account_mails WHERE status = 'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    RETURNING id, kind, to_address, subject, sealed_message, attempts`;
  const transport = smtpTransport();
  let sent = 0;
  for (const mail of claimed) {
    if (!transport) {
      await db().$executeRaw`UPDATE account_mails SET status = 'held' WHERE id = ${mail.id}`;
      console.log(`[mail] ${mail.kind} to ${mail.to_address} held, not sent (no SMTP_URL): "${mail.subject}". It holds a secret link: npm run cli -- mail show ${mail.id}`);
      continue;
    }
    try {
      await sendMail(transport, JSON.parse(open(PURPOSE, mail.sealed_message, mail.id)) as MailMessage);
      await db().$executeRaw`UPDATE account_mails SET status = 'sent', sent_at = now(), sealed_message = NULL, last_error = NULL WHERE id = ${mail.id}`;
      sent++;
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (mail.attempts >= MAX_MAIL_ATTEMPTS) {
        await db().$executeRaw`UPDATE account_mails SET status = 'failed', sealed_message = NULL, last_error = ${message} WHERE id = ${mail.id}`;
        console.error(`[mail] ${mail.kind} to ${mail.to_address} failed ${mail.attempts} times, given up: ${message}`);
      } else {
        await db().$executeRaw`UPDATE account_mails SET next_attempt_at = now() + make_interval(secs => ${retryDelaySeconds(mail.attempts)}), last_error = ${message} WHERE id = ${mail.id}`;
      }
    }
  }
  return sent;
}
