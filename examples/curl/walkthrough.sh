#!/usr/bin/env bash
# The whole Tollgate round trip with curl: an agent proposes a $250 refund, the policy sends it to
# a human, a member approves it, the agent picks up its execution token, executes and reports.
#   bash examples/curl/walkthrough.sh     (against `npm run demo`, or set TOLLGATE_URL,
#                                          TOLLGATE_AGENT_KEY and TOLLGATE_USER_TOKEN)
# Without a user token the script waits for someone to approve in the dashboard.
# JSON is read with node (always there where Tollgate runs); tokens are never printed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
demo="$here/../../.data/demo.json"

# field PATH: one field of the JSON on stdin, e.g. `field decision.reason_code` ("" when absent).
field() {
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    let v = JSON.parse(s); for (const k of process.argv[1].split(".")) v = v?.[k];
    process.stdout.write(v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v)); });' "$1"
}
demo_field() { if [ -f "$demo" ]; then field "$1" < "$demo"; fi; }

URL="${TOLLGATE_URL:-$(demo_field url)}"
URL="${URL:-http://localhost:3000}"
AGENT_KEY="${TOLLGATE_AGENT_KEY:-$(demo_field agent.api_key)}"
# The demo's admin token only goes with the demo's agent key.
if [ -n "${TOLLGATE_AGENT_KEY:-}" ]; then USER_TOKEN="${TOLLGATE_USER_TOKEN:-}"; else USER_TOKEN="${TOLLGATE_USER_TOKEN:-$(demo_field admin_token)}"; fi
if [ -z "$AGENT_KEY" ]; then
  echo "✗ set TOLLGATE_AGENT_KEY (tg_agent_…) or run \`npm run demo\` first" >&2
  exit 1
fi

token_to_hide="-"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# api WHO METHOD PATH [JSON] [curl args…]: prints the response body; exits on a non-2xx answer.
# WHO is "agent" or "user"; the command is echoed with the token's variable name, never its value.
api() {
  local who=$1 method=$2 path=$3 body=${4:-}
  shift $(($# < 4 ? $# : 4))
  local token=$AGENT_KEY var=TOLLGATE_AGENT_KEY
  if [ "$who" = user ]; then token=$USER_TOKEN var=TOLLGATE_USER_TOKEN; fi
  local args=(-sS -X "$method" "$URL$path" -H "authorization: Bearer $token" -w '\n%{http_code}' "$@")
  if [ -n "$body" ]; then args+=(-H 'content-type: application/json' --data "$body"); fi
  local shown=${body//\"execution_token\":\"$token_to_hide\"/\"execution_token\":\"\$EXECUTION_TOKEN\"}
  local extra=""
  if [ $# -gt 0 ]; then extra=$(printf ' %q' "$@"); fi
  echo "\$ curl -X $method $URL$path -H \"Authorization: Bearer \$$var\"$extra${body:+ -d '$shown'}" >&2
  local out status
  out=$(curl "${args[@]}")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "${status:0:1}" != 2 ]; then
    echo "✗ HTTP $status: $out" >&2
    exit 1
  fi
  echo "$out"
}

step "1. Who am I? (the agent key)"
echo "   $(api agent GET /api/v1/me)"

step "2. Propose: refund \$250 (the demo policy sends refunds of 100 or more to a human)"
key="walkthrough-$(date +%s)-$$"
intent=$(api agent POST /api/v1/intents '{"action":"payment.refund","environment":"production","destination":"api.stripe.com","amount":250,"currency":"USD","risk_tags":["payment"],"payload":{"charge":"ch_walkthrough","amount":250,"reason":"duplicate charge"},"summary":{"title":"Refund $250 for a duplicate charge","next_effect":"Money leaves the Stripe balance"},"rationale":"Charged twice for order #1042","context":{"confidence":0.82,"recommendation":"approve"}}' -H "Idempotency-Key: $key")
id=$(field id <<<"$intent")
status=$(field status <<<"$intent")
echo "   intent $id is $status: $(field decision.reason <<<"$intent") [$(field decision.reason_code <<<"$intent")]"

if [ "$status" = pending_approval ]; then
  if [ -n "$USER_TOKEN" ]; then
    step "3. A member approves it (the user token)"
    approved=$(api user POST "/api/v1/approvals/$id/approve" '{"reason":"Duplicate charge confirmed in Stripe"}')
    echo "   now $(field status <<<"$approved")"
  else
    step "3. Waiting for a human: approve it at $URL/approvals/$id"
  fi
  step "4. The agent long-polls until the decision (?wait=30 holds the request)"
  while [ "$status" = pending_approval ]; do
    intent=$(api agent GET "/api/v1/intents/$id?wait=30")
    status=$(field status <<<"$intent")
  done
  echo "   intent $id is $status"
fi
if [ "$status" != allowed ] && [ "$status" != approved ]; then
  echo "✗ not executable: $status" >&2
  exit 1
fi

step "5. Execute with the single-use token, bound to the payload hash"
hash=$(field payload_hash <<<"$intent")
token=$(field execution_token <<<"$intent")
token_to_hide=$token
executing=$(api agent POST "/api/v1/intents/$id/execute" "{\"execution_token\":\"$token\",\"payload_hash\":\"$hash\"}")
echo "   now $(field status <<<"$executing") (payload $hash)"

step "6. (the agent does the refund here) Report the result"
done_=$(api agent POST "/api/v1/intents/$id/result" '{"status":"succeeded","output":{"refund_id":"re_walkthrough","amount":250}}')
final=$(field status <<<"$done_")
echo "   now $final"

step "7. Decisions log"
api agent GET "/api/v1/intents/$id/decisions" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
  for (const d of JSON.parse(s).items) console.log(`   ${d.at}  ${d.kind.padEnd(9)} ${d.actor.type}${d.actor.id ? ` ${d.actor.id}` : ""}${d.reason ? ` — ${d.reason}` : ""}`); });'

if [ "$final" != succeeded ]; then
  echo "✗ intent $id ended $final" >&2
  exit 1
fi
printf '\n✓ intent %s succeeded\n' "$id"
