"use client";

import { ALL_EVENTS, EVENT_TYPES, EVENT_TYPE_NAMES } from "@/lib/domain/events/event-types";

/** Every event ("*", including types added later) or a chosen few, from the one catalogue. */
export function EventPicker({ value, onChange }: { value: string[]; onChange: (events: string[]) => void }) {
  const all = value.includes(ALL_EVENTS);
  const toggle = (type: string) => onChange(value.includes(type) ? value.filter((t) => t !== type) : [...value, type]);
  return (
    <fieldset className="space-y-2" data-testid="event-picker">
      <legend className="text-xs font-medium text-slate-600">Events</legend>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={all} onChange={() => onChange(all ? [] : [ALL_EVENTS])} data-testid="event-all" />
        All events, including types added later
      </label>
      {!all ? (
        <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {EVENT_TYPE_NAMES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm text-slate-800" title={EVENT_TYPES[type]}>
              <input type="checkbox" className="mt-1" checked={value.includes(type)} onChange={() => toggle(type)} data-testid={`event-${type}`} />
              <span>
                <code className="text-xs">{type}</code>
                <span className="block text-xs text-slate-500">{EVENT_TYPES[type]}</span>
              </span>
            </label>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
