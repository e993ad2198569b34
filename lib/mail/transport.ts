import nodemailer, { type Transporter } from "nodemailer";
import { setting } from "../config.mjs";

// The mail transport: nodemailer over SMTP_URL. Without SMTP_URL there is none, and the outbox
// holds account mails instead of sending them (outbox.ts).

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

let cached: { url: string; transport: Transporter } | null = null;

/** The SMTP transport for SMTP_URL, or null when none is configured. */
export function smtpTransport(): Transporter | null {
  const url = setting("SMTP_URL");
  if (!url) return null;
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

/** Sends one message; throws what the server answered when it refuses. */
export async function sendMail(transport: Transporter, message: MailMessage): Promise<void> {
  await transport.sendMail({ from: setting("MAIL_FROM"), ...message });
}
