import { z } from "zod";

/** Only a loopback callback on an explicit port, path /callback, no credentials or fragment. */
export const loopbackCallbackSchema = z
  .string()
  .max(100)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          url.protocol === "http:" &&
          (url.hostname === "127.0.0.1" || url.hostname === "localhost") &&
          url.port !== "" &&
          url.pathname === "/callback" &&
          url.search === "" &&
          url.hash === "" &&
          url.username === "" &&
          url.password === ""
        );
      } catch {
        return false;
      }
    },
    { error: "The CLI's callback address must be http://127.0.0.1:<port>/callback." },
  );

export const cliStateSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, { error: "The login request is malformed." });

export const cliAuthorizationSchema = z.strictObject({ state: cliStateSchema, redirect: loopbackCallbackSchema });
export type CliAuthorization = z.infer<typeof cliAuthorizationSchema>;
