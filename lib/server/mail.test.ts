import { describe, expect, it } from "vitest";
import { mailEnabled, publicLink, redactSmtpUrl, sendMail } from "./mail";

const message = { to: "a@example.test", subject: "s", text: "t" };

describe("mail settings", () => {
  it("are on only with PLATFORM_SMTP_URL", () => {
    expect(mailEnabled({})).toBe(false);
    expect(mailEnabled({ PLATFORM_SMTP_URL: "  " })).toBe(false);
    expect(mailEnabled({ PLATFORM_SMTP_URL: "smtp://h:25" })).toBe(true);
  });

  it("name the SMTP URL without its password", () => {
    expect(redactSmtpUrl("smtp://user:p%40ss@mail.example.test:587")).toBe("smtp://user:***@mail.example.test:587");
    expect(redactSmtpUrl("smtps://mail.example.test")).toBe("smtps://mail.example.test");
    expect(redactSmtpUrl("not a url p4ss")).toBe("(not a valid URL)");
  });

  it("refuse a bad URL or a missing public address without echoing the URL", async () => {
    const secretish = "hunter2-secret";
    await expect(sendMail(message, { PLATFORM_SMTP_URL: `smtp//user:${secretish}@host` })).rejects.toThrow(
      "PLATFORM_SMTP_URL is not a valid URL (smtp://user:password@host:port).",
    );
    await expect(sendMail(message, { PLATFORM_SMTP_URL: `https://user:${secretish}@host` })).rejects.toThrow(
      "PLATFORM_SMTP_URL must start with smtp:// or smtps://, not https://.",
    );
    await expect(sendMail(message, { PLATFORM_SMTP_URL: `smtp://user:${secretish}@host:25` })).rejects.toThrow(
      "PLATFORM_SMTP_URL is set but PLATFORM_PUBLIC_URL (the Console's address, for links in mail) is not.",
    );
  });

  it("build links on the configured public address, never on a request's Host", () => {
    const env = { PLATFORM_SMTP_URL: "smtp://h:25", PLATFORM_PUBLIC_URL: "https://console.example.test/" };
    expect(publicLink("/invite/pcinv_x", env)).toBe("https://console.example.test/invite/pcinv_x");
    expect(publicLink("/x", { PLATFORM_SMTP_URL: "smtp://h:25", AUTH_URL: "https://auth.example.test" })).toBe("https://auth.example.test/x");
  });
});
