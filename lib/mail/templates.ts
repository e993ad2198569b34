import type { MailMessage } from "./transport";

// Mail texts: plain text for every client, HTML for those that render it. Links open a dashboard
// page; no link does anything by itself (the page asks, and acts only on a click).

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(title: string, paragraphs: string[], link: { href: string; label: string }) {
  return `<!doctype html><html><body style="font-family: system-ui, sans-serif; color: #111827; max-width: 36rem">
<h1 style="font-size: 1.25rem">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p><a href="${escapeHtml(link.href)}" style="color: #1d4ed8">${escapeHtml(link.label)}</a></p>
<p style="color: #4b5563; font-size: 0.875rem">Or paste this address into your browser: ${escapeHtml(link.href)}</p>
</body></html>`;
}

/** The mail a password reset request sends (POST /auth/password-reset). */
export function passwordResetMail(to: string, link: string, validMinutes: number): MailMessage {
  const title = "Reset your Tollgate password";
  const paragraphs = [
    `Someone asked to reset the password of the Tollgate account for ${to}.`,
    `The link below lets you choose a new password within ${validMinutes} minutes, once. Setting it signs you out everywhere and revokes your personal access tokens.`,
    "If you did not ask for this, ignore this mail: your password stays as it is.",
  ];
  return {
    to,
    subject: title,
    text: `${paragraphs.join("\n\n")}\n\nChoose a new password: ${link}\n`,
    html: html(title, paragraphs, { href: link, label: "Choose a new password" }),
  };
}
