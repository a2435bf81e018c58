import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

// Outgoing mail, through the SMTP server of PLATFORM_SMTP_URL (smtp://user:pass@host:port, or
// smtps:// for TLS from the first byte). Without it the Console sends nothing: invitations are links
// the Admin copies, and addresses stay unverified. The URL holds a password, so it is never logged
// or put in an error as given: errors name it with the password replaced by "***".
//
// Links in mail point at PLATFORM_PUBLIC_URL (or AUTH_URL), never at the request's Host header:
// anyone can sign up with a forged Host, and a verification link for their account that points at
// their own server would let them read a secret mailed to someone else's address.

export type MailMessage = { to: string; subject: string; text: string };
/** The environment variables read here (process.env by default; tests pass their own). */
export type MailEnv = Record<string, string | undefined>;

/** A failure to send, whose message is safe to log (no password, no secret). */
export class MailError extends Error {
  override name = "MailError";
}

type SmtpSettings = { url: URL; secure: boolean; from: string; publicUrl: string };

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 };
const transports = new Map<string, Transporter>();

/** Whether the Console sends mail (PLATFORM_SMTP_URL is set). */
export function mailEnabled(env: MailEnv = process.env): boolean {
  return Boolean(env.PLATFORM_SMTP_URL?.trim());
}

/** The SMTP URL with its password replaced, for messages. */
export function redactSmtpUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(not a valid URL)";
  }
}

function settings(env: MailEnv = process.env): SmtpSettings {
  const raw = env.PLATFORM_SMTP_URL?.trim();
  if (!raw) throw new MailError("PLATFORM_SMTP_URL is not set.");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailError("PLATFORM_SMTP_URL is not a valid URL (smtp://user:password@host:port).");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new MailError(`PLATFORM_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//.`);
  }
  const publicUrl = (env.PLATFORM_PUBLIC_URL || env.AUTH_URL || "").trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new MailError("PLATFORM_SMTP_URL is set but PLATFORM_PUBLIC_URL (the Console's address, for links in mail) is not.");
  }
  const from = env.PLATFORM_MAIL_FROM?.trim() || `Platform Console <no-reply@${new URL(publicUrl).hostname}>`;
  return { url, secure: url.protocol === "smtps:", from, publicUrl };
}

/** An absolute link to `path` on the Console, for a mail. */
export function publicLink(path: string, env: MailEnv = process.env): string {
  return `${settings(env).publicUrl}${path}`;
}

function transportFor(config: SmtpSettings): Transporter {
  const key = config.url.toString();
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({
      host: config.url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: Number(config.url.port) || (config.secure ? 465 : 587),
      secure: config.secure,
      auth: config.url.username
        ? { user: decodeURIComponent(config.url.username), pass: decodeURIComponent(config.url.password) }
        : undefined,
      ...TIMEOUTS,
    });
    transports.set(key, transport);
  }
  return transport;
}

/** Replaces every form of the password in `text` (a server's reply could echo it). */
function scrub(text: string, url: URL): string {
  const forms = [url.password, decodeURIComponent(url.password)].filter((form) => form.length > 0);
  return forms.reduce((out, form) => out.split(form).join("***"), text);
}

/** Sends one plain-text mail; throws a MailError (safe to log) when the server does not take it. */
export async function sendMail(message: MailMessage, env: MailEnv = process.env): Promise<void> {
  const config = settings(env);
  try {
    await transportFor(config).sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
  } catch (error) {
    const code = error instanceof Error && "code" in error && typeof error.code === "string" ? `${error.code}: ` : "";
    const detail = error instanceof Error ? error.message : String(error);
    throw new MailError(scrub(`Sending mail through ${redactSmtpUrl(config.url.toString())} failed: ${code}${detail}`, config.url));
  }
}
