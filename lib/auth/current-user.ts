import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { UserPrincipal } from "./principal";
import { principalFromSession } from "./session";

/** The signed-in member for a server component, or null. */
export async function currentUser(): Promise<UserPrincipal | null> {
  const store = await cookies();
  const token = store.get("__Secure-next-auth.session-token")?.value ?? store.get("next-auth.session-token")?.value ?? null;
  return principalFromSession(token);
}

/** Pages call this first: no session → the login page. */
export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
