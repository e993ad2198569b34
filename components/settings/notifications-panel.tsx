"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, dataOrThrow } from "@/lib/client/api-client";
import { notifyOperations } from "@/lib/http/operations/notify";
import { peopleOperations } from "@/lib/http/operations/people";
import { Button } from "../ui/button";
import { Field, Panel, TextInput } from "../ui/form";
import { ErrorNote } from "../ui/states";

export interface Preferences {
  email_events: string[];
  slack_events: string[];
  muted_actions: string[];
  muted_agents: string[];
  digest: boolean;
  slack_user_id: string | null;
  slack_linked_via: "email" | "link" | null;
  events: Record<string, string>;
}

const toggle = (list: string[], event: string, on: boolean) => (on ? [...new Set([...list, event])] : list.filter((e) => e !== event));

/**
 * The member's notification choices in this organization: per event, email and Slack; muted
 * actions; the daily digest; being away (assignment skips them). Saved with the API the CLI and
 * SDK use (PUT /me/notifications, PUT /me/availability).
 */
export function NotificationsPanel({ preferences, awayUntil }: { preferences: Preferences; awayUntil: string | null }) {
  const router = useRouter();
  const [prefs, setPrefs] = useState(preferences);
  const [muted, setMuted] = useState(preferences.muted_actions.join(", "));
  const [away, setAway] = useState(awayUntil ? awayUntil.slice(0, 16) : "");
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const muted_actions = muted.split(",").map((a) => a.trim()).filter(Boolean);
      dataOrThrow(await callApi(notifyOperations.setNotificationPreferences, { body: { email_events: prefs.email_events, slack_events: prefs.slack_events, muted_actions, digest: prefs.digest } }));
      setNote("Saved.");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function setAvailability(until: string | null) {
    setBusy(true);
    setError(null);
    try {
      dataOrThrow(await callApi(peopleOperations.setAvailability, { body: { away_until: until ? new Date(`${until}:00Z`).toISOString() : null } }));
      if (!until) setAway("");
      setNote(until ? "You are away: new items go to others until then." : "You are back: assignment includes you again.");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Notifications" testId="notifications-panel">
      <div className="space-y-4 p-4">
        <table className="w-full max-w-2xl text-sm">
          <caption className="sr-only">Which events reach you, by channel</caption>
          <thead>
            <tr className="text-left text-xs text-slate-600">
              <th scope="col" className="py-1 font-medium">Event</th>
              <th scope="col" className="py-1 font-medium">Email</th>
              <th scope="col" className="py-1 font-medium">Slack DM</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(prefs.events).map(([event, meaning]) => (
              <tr key={event} className="border-t border-slate-100">
                <th scope="row" className="py-1.5 pr-3 text-left font-normal text-slate-800">{meaning}</th>
                {(["email_events", "slack_events"] as const).map((channel) => (
                  <td key={channel} className="py-1.5">
                    <input
                      type="checkbox"
                      aria-label={`${event} by ${channel === "email_events" ? "email" : "Slack"}`}
                      checked={prefs[channel].includes(event)}
                      onChange={(e) => setPrefs({ ...prefs, [channel]: toggle(prefs[channel], event, e.target.checked) })}
                      className="h-4 w-4 rounded border-slate-300 focus-visible:ring-2 focus-visible:ring-sky-500"
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-slate-600">
          {prefs.slack_user_id
            ? `Slack: you are ${prefs.slack_user_id} (${prefs.slack_linked_via === "email" ? "found by your verified email" : "linked by you"}).`
            : "Slack: not known yet. When Slack is connected, your verified email finds you; otherwise a card's button sends you a link to connect."}
        </p>
        <Field label="Muted actions" hint="Comma-separated action names whose items never notify you (they stay in the queue)." className="max-w-xl">
          <TextInput value={muted} onChange={(e) => setMuted(e.target.value)} placeholder="crm.note, email.send" />
        </Field>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={prefs.digest} onChange={(e) => setPrefs({ ...prefs, digest: e.target.checked })} className="h-4 w-4 rounded border-slate-300" />
          A daily digest of the items waiting for me
        </label>
        <div className="flex items-center gap-3">
          <Button onClick={save} disabled={busy}>Save notification choices</Button>
          {note ? <span role="status" className="text-sm text-emerald-700">{note}</span> : null}
        </div>
        <div className="flex flex-wrap items-end gap-3 border-t border-slate-100 pt-4">
          <Field label="Away until (UTC)" hint="Assignment skips you until then; you may still resolve anything.">
            <TextInput type="datetime-local" value={away} onChange={(e) => setAway(e.target.value)} className="w-56" />
          </Field>
          <Button variant="secondary" onClick={() => setAvailability(away)} disabled={busy || !away}>Mark me away</Button>
          <Button variant="ghost" onClick={() => setAvailability(null)} disabled={busy}>I am back</Button>
        </div>
        {error ? <ErrorNote>{error}</ErrorNote> : null}
      </div>
    </Panel>
  );
}

/** Confirms linking the Slack identity a card's link named (POST /me/slack-link): only on a click, signed in. */
export function SlackLinkConfirm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function link() {
    setError(null);
    try {
      const linked = dataOrThrow(await callApi(notifyOperations.linkSlack, { body: { token } }));
      setDone(`Linked: Slack user ${linked.slack_user_id} now acts as you in this organization.`);
      router.replace("/settings");
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <Panel title="Link your Slack identity" testId="slack-link">
      <div className="space-y-3 p-4 text-sm text-slate-800">
        <p>You followed a link from Slack. Linking lets your clicks on Tollgate cards in Slack act as you, with your role.</p>
        {done ? <p role="status" className="text-emerald-700">{done}</p> : <Button onClick={link}>Link this Slack user to me</Button>}
        {error ? <ErrorNote>{error}</ErrorNote> : null}
      </div>
    </Panel>
  );
}
