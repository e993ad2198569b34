import type { MailMessage } from "./transport";

// Mail texts: plain text for every client, HTML for those that render it. Links open a dashboard
// page; no link does anything by itself (the page asks, and acts only on a click).

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(title: string, paragraphs: string[], link: { href: string; label: string }, pre?: string) {
  return `<!doctype html><html><body style="font-family: system-ui, sans-serif; color: #111827; max-width: 36rem">
<h1 style="font-size: 1.25rem">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${pre ? `<pre style="background: #f3f4f6; padding: 0.75rem; white-space: pre-wrap">${escapeHtml(pre)}</pre>` : ""}
<p><a href="${escapeHtml(link.href)}" style="color: #1d4ed8">${escapeHtml(link.label)}</a></p>
<p style="color: #4b5563; font-size: 0.875rem">Or paste this address into your browser: ${escapeHtml(link.href)}</p>
</body></html>`;
}

/** The mail a password reset request sends (POST /auth/password-reset). */
export function passwordResetMail(to: string, link: string, validMinutes: number): MailMessage {
  return composeMail(
    to,
    "Reset your Tollgate password",
    [
      `Someone asked to reset the password of the Tollgate account for ${to}.`,
      `The link below lets you choose a new password within ${validMinutes} minutes, once. Setting it signs you out everywhere and revokes your personal access tokens.`,
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ],
    { href: link, label: "Choose a new password" },
  );
}

/**
 * A mail whose link opens a dashboard page: the same title, paragraphs and (optional) preformatted
 * excerpt in both parts. The text part ends with the link spelled out, for clients without HTML.
 */
export function composeMail(to: string, subject: string, paragraphs: string[], link: { href: string; label: string }, pre?: string): MailMessage {
  const text = [...paragraphs, ...(pre ? [pre] : []), `${link.label}: ${link.href}`].join("\n\n");
  return { to, subject, text: `${text}\n`, html: html(subject, paragraphs, link, pre) };
}

/** The invitation to an organization (POST /members), where mail is configured. */
export function invitationMail(to: string, orgName: string, role: string, link: string, validDays: number): MailMessage {
  return composeMail(
    to,
    `You are invited to ${orgName} on Tollgate`,
    [
      `You are invited to join ${orgName} on Tollgate as ${role}.`,
      `The link below works once, within ${validDays} days. If you have no Tollgate account it lets you choose a password; if you have one, sign in to accept.`,
      "If you did not expect this, ignore this mail.",
    ],
    { href: link, label: "Accept the invitation" },
  );
}

/** The link that verifies a signed-up account's email (POST /auth/signup). */
export function verificationMail(to: string, link: string, validHours: number): MailMessage {
  return composeMail(
    to,
    "Verify your email for Tollgate",
    [
      `Someone signed up to Tollgate with ${to}.`,
      `Follow the link within ${validHours} hours to verify it; until then the account cannot sign in.`,
      "If it was not you, ignore this mail: the account stays unusable.",
    ],
    { href: link, label: "Verify my email" },
  );
}

/** The answer to a sign-up with an email that has an account already: no second account, a way in. */
export function existingAccountMail(to: string, loginLink: string): MailMessage {
  return composeMail(
    to,
    "You already have a Tollgate account",
    [
      `Someone tried to sign up to Tollgate with ${to}, which has an account already. No second account was made.`,
      "If it was you, sign in, or reset your password from the sign-in page.",
    ],
    { href: loginLink, label: "Sign in" },
  );
}
