import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { UserPrincipal } from "./principal";
import { principalFromSession } from "./session";
import { sessionUser } from "./signed-in-user";

async function sessionToken(): Promise<string | null> {
  const store = await cookies();
  return store.get("__Secure-next-auth.session-token")?.value ?? store.get("next-auth.session-token")?.value ?? null;
}

/** The signed-in member for a server component, or null. */
export async function currentUser(): Promise<UserPrincipal | null> {
  return principalFromSession(await sessionToken());
}

/** The signed-in person, member of an organization or not (a new sign-up has none yet), or null. */
export async function signedInPerson(): Promise<{ id: string; email: string } | null> {
  return sessionUser(await sessionToken());
}

/**
 * Pages call this first: no session → the login page; signed in but a member of no organization
 * (a new sign-up, or removed from the session's) → the page that creates one.
 */
export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  if (user) return user;
  redirect((await signedInPerson()) ? "/organizations/new" : "/login");
}
