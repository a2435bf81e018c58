import { describe, expect, it } from "vitest";
import { personalTokens } from "./access-token";
import { digestOfPresented, emailVerificationSecrets, invitationSecrets } from "./one-time-secret";
import { digestSecret } from "./secret";

describe("one-time secrets", () => {
  it("have their own prefixes and checksums, and are looked up by digest", () => {
    const invitation = invitationSecrets.generate();
    const verification = emailVerificationSecrets.generate();
    expect(invitation.plaintext).toMatch(/^pcinv_[0-9A-Za-z]{38}$/);
    expect(verification.plaintext).toMatch(/^pcev_[0-9A-Za-z]{38}$/);
    expect(digestOfPresented(invitationSecrets, invitation.plaintext)).toBe(invitation.digest);
    expect(invitation.digest).toBe(digestSecret(invitation.plaintext));
    expect(invitation.digest).not.toContain(invitation.plaintext.slice(6));
  });

  it("refuse typos, other kinds and junk without a digest", () => {
    const invitation = invitationSecrets.generate().plaintext;
    const typo = `${invitation.slice(0, 10)}${invitation[10] === "a" ? "b" : "a"}${invitation.slice(11)}`;
    expect(digestOfPresented(invitationSecrets, typo)).toBeNull();
    expect(digestOfPresented(invitationSecrets, emailVerificationSecrets.generate().plaintext)).toBeNull();
    expect(digestOfPresented(emailVerificationSecrets, invitation)).toBeNull();
    expect(digestOfPresented(invitationSecrets, personalTokens.generate().plaintext)).toBeNull();
    expect(digestOfPresented(invitationSecrets, "")).toBeNull();
    expect(digestOfPresented(invitationSecrets, `${invitation} `)).toBeNull();
  });
});
