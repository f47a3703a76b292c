/**
 * The backend's log contract: what the Django application writes so the infrastructure can
 * turn its logs into metrics, alarms and saved queries. One JSON object per line on stdout
 * (the awslogs driver makes each line one CloudWatch Logs event); documented in
 * docs/monitoring-and-security.md. Pure data, stated once: the program builds its metric
 * filters and saved queries from it, and the pack (cloudwatch-metric-filters-match) refuses a
 * filter on the application's metrics that no line of the contract can match (a field or a
 * value's case the application never writes), so a field renamed here is renamed everywhere.
 * Facts modules import nothing (the pack must stay publishable on its own).
 */

/** A field of the contract. */
export interface LogField {
    name: string;
    type: "string" | "number";
    description: string;
    /** The only values the field takes, when it is an enumeration. @default any value */
    values?: readonly string[];
    /**
     * What the field's values are, which decides whether it may become a metric dimension
     * (cloudwatch-metric-filters-match): `category` takes a few values (a level, a route template,
     * an outcome) and may; `identifier` names one request, transaction or person's record (one
     * metric per value: high cardinality, CloudWatch disables a filter past 1,000 dimension-value
     * combinations an hour, and a per-user key joins the metrics to a person); `measure` is a
     * number to aggregate (a metric value, not a dimension); `text` is free text or a time;
     * `personal` is data about a person (an email, a name, a client IP). Metrics are kept 15
     * months, cannot be deleted and are readable with cloudwatch:ListMetrics/GetMetricData, outside
     * the log group's CMK and retention, so only categories are copied there.
     */
    kind: FieldKind;
}

/** How a log field's values may be used by metrics; see LogField.kind. */
export type FieldKind = "category" | "identifier" | "measure" | "text" | "personal";

/** The kinds a metric filter may use as a dimension. */
export const DIMENSION_KINDS: readonly FieldKind[] = ["category"];

/**
 * The application's services, as the `service` field names them. Each runs as the ECS container
 * of that name, whose awslogs group is where its lines land: which group holds an event is
 * decided by which service writes it (LogEvent.writer), not by the reader's choice.
 */
export const APP_SERVICES = ["backend", "frontend", "worker"] as const;
export type AppService = (typeof APP_SERVICES)[number];

/** Fields every event carries. */
export const COMMON_FIELDS: readonly LogField[] = [
    { name: "timestamp", type: "string", kind: "text", description: "ISO 8601 time in UTC, e.g. 2026-03-02T09:15:04.120Z" },
    { name: "level", type: "string", kind: "category", description: "Python logging level name", values: ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] },
    { name: "service", type: "string", kind: "category", description: "Which process wrote the line", values: APP_SERVICES },
    { name: "logger", type: "string", kind: "category", description: "Python logger name, e.g. credits.services" },
    { name: "event", type: "string", kind: "category", description: "What happened, snake_case; one of the events below, or `log` for free-form lines" },
    { name: "message", type: "string", kind: "text", description: "Human-readable text (never a secret or personal data)" },
    { name: "request_id", type: "string", kind: "identifier", description: "The request's id (the ALB's X-Amzn-Trace-Id), to join lines of one request" },
];

/** Outcomes of a credit transaction: `declined` is the user's (no credit left), `failed` is ours or the provider's. */
export const CREDIT_OUTCOMES = ["succeeded", "declined", "failed"] as const;
/** Outcomes of an attempt to start a video session. */
export const VIDEO_OUTCOMES = ["started", "failed"] as const;

/** One event type: its own fields beside the common ones, and an example line. */
export interface LogEvent {
    /** Value of the `event` field. */
    name: string;
    description: string;
    fields: readonly LogField[];
    /**
     * The service that writes it (its `service` field): the Django API emits every contract
     * event; the frontend and worker write free-form `log` lines only. A metric filter or saved
     * query for the event reads this service's log group.
     */
    writer: AppService;
    /** A complete example line (every common field and every own field). */
    example: Record<string, string | number>;
}

const common = (event: string, level = "INFO", logger = "expertconnect") => ({
    timestamp: "2026-03-02T09:15:04.120Z",
    level,
    service: "backend",
    logger,
    event,
    request_id: "Root=1-65e2f0a8-3f1c2b7d9e4a5b6c7d8e9f01",
});

export const LOG_EVENTS: readonly LogEvent[] = [
    {
        name: "http_request",
        description: "One per API request, when the response is sent",
        writer: "backend",
        fields: [
            { name: "method", type: "string", kind: "category", description: "HTTP method" },
            { name: "path", type: "string", kind: "category", description: "The route template, not the raw path (`/api/meetings/{id}/`), so queries group by endpoint" },
            { name: "status", type: "number", kind: "category", description: "HTTP status code sent" },
            { name: "duration_ms", type: "number", kind: "measure", description: "Time from request received to response sent, in milliseconds" },
        ],
        example: { ...common("http_request", "INFO", "django.request"), message: "GET /api/meetings/{id}/ 200", method: "GET", path: "/api/meetings/{id}/", status: 200, duration_ms: 87 },
    },
    {
        name: "activity_snapshot",
        description: "Once a minute from every backend task: platform-wide counts read from the database (so several tasks report the same figure)",
        writer: "backend",
        fields: [
            { name: "active_users", type: "number", kind: "measure", description: "Users with a request in the last 5 minutes" },
            { name: "ongoing_meetings", type: "number", kind: "measure", description: "Meetings started and not yet ended" },
        ],
        example: { ...common("activity_snapshot"), message: "activity snapshot", active_users: 142, ongoing_meetings: 9 },
    },
    {
        name: "credit_transaction",
        description: "One per credit purchase, charge or refund, when its outcome is known",
        writer: "backend",
        fields: [
            { name: "transaction_id", type: "string", kind: "identifier", description: "The transaction's id" },
            { name: "outcome", type: "string", kind: "category", description: "How it ended", values: CREDIT_OUTCOMES },
            { name: "credits", type: "number", kind: "measure", description: "Credits moved (positive) or refunded (negative)" },
            { name: "reason", type: "string", kind: "category", description: "Why it was declined or failed (`insufficient_credits`, `payment_declined`, `provider_error`, `timeout`…); empty on success" },
        ],
        example: { ...common("credit_transaction", "ERROR", "credits.services"), message: "credit transaction failed", transaction_id: "ctx_01HQ3", outcome: "failed", credits: 30, reason: "provider_error" },
    },
    {
        name: "video_session",
        description: "One per attempt to start a video session (a participant joining a meeting)",
        writer: "backend",
        fields: [
            { name: "meeting_id", type: "string", kind: "identifier", description: "The meeting's id" },
            { name: "outcome", type: "string", kind: "category", description: "Whether the session started", values: VIDEO_OUTCOMES },
            { name: "reason", type: "string", kind: "category", description: "Why it failed (`token_error`, `provider_unavailable`, `timeout`…); empty when started" },
        ],
        example: { ...common("video_session", "INFO", "meetings.video"), message: "video session started", meeting_id: "mtg_8812", outcome: "started", reason: "" },
    },
];

/** The event named `name`; throws for a name the contract does not have. */
export function logEvent(name: string): LogEvent {
    const found = LOG_EVENTS.find((e) => e.name === name);
    if (!found) {
        throw new Error(`log contract: no event ${JSON.stringify(name)}; events: ${LOG_EVENTS.map((e) => e.name).join(", ")}`);
    }
    return found;
}

/** Free-form lines (`event` = `log`): every service writes them. */
export const FREE_FORM_EVENT = "log";

/** The services whose lines carry `event` (a contract event's writer; every service for free-form lines). */
export function writersOf(event: string): readonly AppService[] {
    return event === FREE_FORM_EVENT ? APP_SERVICES : [logEvent(event).writer];
}

/** The services whose lines a reader of these events needs (`any`: every line, so every service). */
export function writersOfEvents(events: readonly string[] | "any"): readonly AppService[] {
    return events === "any" ? APP_SERVICES : [...new Set(events.flatMap((e) => writersOf(e)))];
}

/** Every field name an event of the contract may carry (common fields and each event's own). */
export function contractFieldNames(): Set<string> {
    return new Set([...COMMON_FIELDS, ...LOG_EVENTS.flatMap((e) => e.fields)].map((f) => f.name));
}

/** The kind of a contract field (the first declaration; a name means one thing across events), undefined for a name the contract lacks. */
export function fieldKind(name: string): FieldKind | undefined {
    return [...COMMON_FIELDS, ...LOG_EVENTS.flatMap((e) => e.fields)].find((f) => f.name === name)?.kind;
}
