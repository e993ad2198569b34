import { errorBody } from "@/lib/http/error-response";

// Any other /api/v1 path — a JSON 404 in the contract's shape instead of an HTML page
function notFound() {
  return Response.json(errorBody("not_found", "No such API route"), { status: 404 });
}

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
