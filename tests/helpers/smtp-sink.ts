import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A mail as a real SMTP server received it, parsed by mailparser. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on loopback (smtp-server), so mail goes through nodemailer, the SMTP protocol
 * and MIME exactly as it would to a provider. `refuse` makes it answer every recipient with a 550.
 */
export async function startSmtpSink() {
  const received: ReceivedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, done) {
      done(state.refuse ? Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }) : undefined);
    },
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          const addresses = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
          received.push({
            to: addresses.flatMap((a) => a.value.map((v) => v.address ?? "")),
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    /** Mails to `address`, waiting up to `ms` for at least one. */
    async mailsTo(address: string, ms = 10_000): Promise<ReceivedMail[]> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.filter((m) => m.to.includes(address));
        if (found.length > 0 || Date.now() > deadline) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** What it received, as JSON at GET /mails, for test workers in other processes (the e2e project). */
    async serveOverHttp() {
      const http = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(received));
      });
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      const { port: httpPort } = http.address() as AddressInfo;
      return { url: `http://127.0.0.1:${httpPort}/mails`, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
