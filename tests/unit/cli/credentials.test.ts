import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CliError } from "../../../scripts/cli/command";
import { credentialsPath, readCredentials, removeCredentials, writeCredentials } from "../../../scripts/cli/credentials";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tollgate-creds-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CREDS = { url: "http://localhost:3000", token: "tg_user_secret", org_id: "org_1" };

describe("CLI credentials file", () => {
  it("lives at $TOLLGATE_CONFIG, else ~/.config/tollgate/credentials.json", () => {
    expect(credentialsPath({ TOLLGATE_CONFIG: "/x/creds.json" })).toBe("/x/creds.json");
    expect(credentialsPath({})).toBe(path.join(homedir(), ".config/tollgate/credentials.json"));
  });

  it("is written with mode 0600 in a 0700 directory it creates, and reads back", () => {
    const file = path.join(dir, "a", "b", "credentials.json");
    writeCredentials(CREDS, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readCredentials(file)).toEqual(CREDS);
  });

  it("tightens an existing world-readable file to 0600 when it overwrites it", () => {
    const file = path.join(dir, "credentials.json");
    writeFileSync(file, "{}");
    chmodSync(file, 0o644);
    writeCredentials({ ...CREDS, token: "tg_user_new" }, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).token).toBe("tg_user_new");
  });

  it("reads a missing file as not logged in, and refuses one that is not credentials", () => {
    const file = path.join(dir, "credentials.json");
    expect(readCredentials(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ url: "x" }));
    expect(() => readCredentials(file)).toThrow(CliError);
    writeFileSync(file, "not json");
    expect(() => readCredentials(file)).toThrow(/not a Tollgate credentials file/);
    expect(removeCredentials(file)).toBe(true);
    expect(removeCredentials(file)).toBe(false);
  });
});
