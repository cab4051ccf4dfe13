// The designer's HTTP API (see /api/openapi.json). Types mirror the server's JSON answers; the
// scenario's own types are generated from the engine (./generated/nodeTypes.ts).
import type { JsonValue, NodeTypeName, ScenarioJson } from "./generated/nodeTypes";

export interface ParameterSchema {
  name: string;
  type: string;
  evaluation: "once" | "per-record";
  optional: boolean;
  defaultExpression: string | null;
  editor: { type: string; fixedValues?: { expression: string; label: string }[] };
  validators: string[];
  docs: string;
  /** The component suggests values from the outside world (POST /api/suggestions). */
  suggestions?: boolean;
}

/** A value a component suggests for a parameter: the expression to store, a label and a detail. */
export interface Suggestion {
  expression: string;
  label: string;
  description: string;
}

/** A scenario property the engine knows (GET /api/scenario-properties). */
export interface ScenarioProperty {
  name: string;
  docs: string;
  /** the value used when the scenario gives none; null: none */
  default: string | null;
  type: string;
  /** what a valid value is, in words */
  expects?: string;
}

/** GET /api/scenario-properties: the known properties and which `kafka.*` settings may be given. */
export interface ScenarioProperties {
  properties: ScenarioProperty[];
  kafkaClientSettings?: { prefix: string; allowedKeys: string[]; docs: string };
}

/** Differences between two versions (GET /api/scenarios/{name}/compare). */
export interface Comparison {
  from: number;
  to: number;
  added: string[];
  removed: string[];
  changed: string[];
  propertiesChanged: boolean;
  identical: boolean;
}

export interface ComponentSchema {
  id: string;
  kind: string;
  group: string;
  nodeType: NodeTypeName;
  icon: string;
  docs: string;
  outputVariable: "none" | "optional" | "required";
  contextAfter: string;
  joinsBranches: boolean;
  parameters: ParameterSchema[];
  branchParameters: ParameterSchema[];
}

export interface Palette {
  groups: { name: string; components: ComponentSchema[] }[];
}

export interface NodeError {
  nodeId: string | null;
  parameter: string | null;
  message: string;
}

export interface TypeInfo {
  type: string;
  fields?: Record<string, TypeInfo>;
}

export interface Validation {
  valid: boolean;
  errors: NodeError[];
  variables: Record<string, Record<string, TypeInfo>>;
  /** Per node, the parameters its component adds from the values of others (e.g. model inputs). */
  dynamicParameters: Record<string, ParameterSchema[]>;
}

export interface VersionInfo {
  name: string;
  version: number;
  comment: string | null;
  author: string;
  createdAt: string;
}

export interface ScenarioSummary {
  name: string;
  latestVersion: number;
  archived: boolean;
}

export interface TestRunResult {
  sinkOutputs: Record<string, JsonValue[]>;
  errors: string[];
  counts: Record<string, { in: number; out: number }>;
  /** Per node, the first records that entered it (a source: that left it) as their variables. */
  records: Record<string, JsonValue[]>;
}

/** One check of a stored test case: what was checked at which node, and what differed. */
export interface TestCaseCheck {
  /** null for the run-wide check of failed records */
  node: string | null;
  kind: "records" | "contains" | "count" | "condition" | "errors";
  passed: boolean;
  message: string;
}

/** The answer of running a scenario's stored test cases (POST /api/test-cases/run). */
export interface TestCasesResult {
  passed: boolean;
  total: number;
  failed: number;
  cases: {
    name: string;
    passed: boolean;
    millis: number;
    /** what kept the case from running (an invalid scenario, a misplaced mock, ...) */
    problems: string[];
    checks: TestCaseCheck[];
    counts: Record<string, { in: number; out: number }>;
  }[];
  /** per node with checks: whether all passed, and the failed checks' messages */
  nodes: Record<string, { passed: boolean; messages: string[] }>;
}

/** Why a deployed job fails or failed: the root cause, the node when known, restarts so far. */
export interface JobFailure {
  message: string;
  nodeId?: string | null;
  restarts?: number | null;
  /** when it failed (ISO-8601) */
  time?: string | null;
}

export interface Status {
  state: string;
  /** whether the job still runs (not ended, lost or undeployed), decided by the server */
  live: boolean;
  version: number | null;
  jobId: string | null;
  flinkUrl: string | null;
  /** the job's page in the Flink web UI, when the server knows it */
  flinkJobUrl?: string | null;
  /** the job's failure, when it fails or failed */
  failure?: JobFailure | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let token: string | null = sessionStorage.getItem("walnut-token");

export function loggedIn(): boolean {
  return token !== null;
}

/** The `error` of an error answer ({"error": "what to fix"}). */
function errorOf(json: unknown): string | undefined {
  if (json !== null && typeof json === "object" && "error" in json && typeof json.error === "string") {
    return json.error;
  }
  return undefined;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  if (res.status === 401 && path !== "/api/login") {
    token = null;
    sessionStorage.removeItem("walnut-token");
    window.location.reload();
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, errorOf(json) ?? `${res.status} ${res.statusText}`);
  return json as T;
}

/**
 * Follows the live tail of a `collect` sink (Server-Sent Events; fetched rather than through
 * EventSource, which cannot send the token): calls `onRecord` with each record's JSON text and
 * `onLive` once the records the sink kept have been sent. Resolves when the stream ends.
 */
async function tail(
  name: string,
  node: string,
  onRecord: (json: string) => void,
  onLive: () => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(`/api/scenarios/${encodeURIComponent(name)}/tail/${encodeURIComponent(node)}`, {
    headers: { Authorization: `Bearer ${token}` },
    signal,
  });
  if (!res.ok || !res.body) {
    const text = await res.text();
    throw new ApiError(res.status, (text && errorOf(JSON.parse(text))) || `${res.status} ${res.statusText}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (event.startsWith("data: ")) onRecord(event.slice("data: ".length));
      else if (event.startsWith(": live")) onLive();
    }
  }
}

export const api = {
  async login(user: string, password: string) {
    const r = await call<{ token: string }>("POST", "/api/login", { user, password });
    token = r.token;
    sessionStorage.setItem("walnut-token", r.token);
  },
  palette: () => call<Palette>("GET", "/api/palette"),
  list: () => call<ScenarioSummary[]>("GET", "/api/scenarios"),
  create: (name: string) => call<VersionInfo>("POST", "/api/scenarios", { name }),
  get: (name: string, version?: number) =>
    call<VersionInfo & { scenario: ScenarioJson; archived: boolean }>(
      "GET",
      `/api/scenarios/${encodeURIComponent(name)}${version ? `?version=${version}` : ""}`,
    ),
  save: (name: string, baseVersion: number, comment: string, scenario: ScenarioJson) =>
    call<VersionInfo>("PUT", `/api/scenarios/${encodeURIComponent(name)}`, {
      baseVersion,
      comment,
      scenario,
    }),
  history: (name: string) =>
    call<VersionInfo[]>("GET", `/api/scenarios/${encodeURIComponent(name)}/history`),
  compare: (name: string, from: number, to: number) =>
    call<Comparison>("GET", `/api/scenarios/${encodeURIComponent(name)}/compare?from=${from}&to=${to}`),
  importScenario: (json: string) => call<VersionInfo>("POST", "/api/scenarios/import", json),
  exportText: async (name: string, version: number) => {
    const res = await fetch(
      `/api/scenarios/${encodeURIComponent(name)}/export?version=${version}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok) throw new ApiError(res.status, errorOf(await res.json()) ?? `${res.status} ${res.statusText}`);
    return res.text();
  },
  validate: (scenario: ScenarioJson) => call<Validation>("POST", "/api/validate", scenario),
  testRun: (scenario: ScenarioJson, inputs: Record<string, string>) =>
    call<TestRunResult>("POST", "/api/test-run", { scenario, inputs }),
  runTestCases: (scenario: ScenarioJson, caseName?: string) =>
    call<TestCasesResult>("POST", "/api/test-cases/run", caseName === undefined ? { scenario } : { scenario, case: caseName }),
  suggestions: (scenario: ScenarioJson, nodeId: string, parameter: string) =>
    call<{ suggestions: Suggestion[] }>("POST", "/api/suggestions", { scenario, nodeId, parameter }),
  capture: (scenario: ScenarioJson, nodeId: string, limit: number) =>
    call<{ records: string[] }>("POST", "/api/capture", { scenario, nodeId, limit }),
  deploy: (name: string) =>
    call<{ version: number }>("POST", `/api/scenarios/${encodeURIComponent(name)}/deploy`, {}),
  cancel: (name: string) => call<unknown>("POST", `/api/scenarios/${encodeURIComponent(name)}/cancel`),
  tail,
  scenarioProperties: () => call<ScenarioProperties>("GET", "/api/scenario-properties"),
  status: (name: string) => call<Status>("GET", `/api/scenarios/${encodeURIComponent(name)}/status`),
  counts: (name: string) =>
    call<Record<string, { in: number; out: number }>>(
      "GET",
      `/api/scenarios/${encodeURIComponent(name)}/counts`,
    ),
};
