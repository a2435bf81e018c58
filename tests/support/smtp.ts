import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server (smtp-server, the one nodemailer's authors test with) on 127.0.0.1, with
// password authentication, that keeps every mail it accepted. Tests point PLATFORM_SMTP_URL at it
// and read what the Console actually sent.

export type ReceivedMail = { to: string[]; subject: string; text: string; raw: string };

/** Decodes a quoted-printable body (soft line breaks and =XX escapes), as nodemailer writes long lines. */
function decodeQuotedPrintable(body: string): string {
  return Buffer.from(
    body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1] ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text = encoding === "quoted-printable" ? decodeQuotedPrintable(body) : encoding === "base64" ? Buffer.from(body, "base64").toString("utf8") : body;
  return { to, subject: header("Subject"), text, raw };
}

export type TestSmtpServer = {
  url: string;
  mails: ReceivedMail[];
  /** The mails sent to `address` so far. */
  mailsTo(address: string): ReceivedMail[];
  close(): Promise<void>;
};

export async function startSmtpServer(credentials: { user: string; password: string }): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: no STARTTLS (its certificate would be self-signed), AUTH allowed anyway.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push(parse(Buffer.concat(chunks).toString("latin1"), session.envelope.rcptTo.map((rcpt) => rcpt.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const password = encodeURIComponent(credentials.password);
  return {
    url: `smtp://${credentials.user}:${password}@127.0.0.1:${port}`,
    mails,
    mailsTo: (address) => mails.filter((mail) => mail.to.includes(address)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail whose path starts with `prefix`, e.g. "/invite/". */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const match = new RegExp(`https?://[^\\s]+${prefix.replace(/\//g, "\\/")}[^\\s]+`).exec(mail.text);
  if (!match) throw new Error(`no ${prefix} link in the mail "${mail.subject}"`);
  return new URL(match[0]);
}
