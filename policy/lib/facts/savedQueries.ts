/**
 * The routine's saved CloudWatch Logs Insights queries (the guide's daily "Check system logs for
 * errors and warnings", "Verify credit transactions" … and weekly "Review performance metrics
 * for slow API endpoints"), stated once: AppSignals saves each under the stack's folder over the
 * log groups whose writers emit what it reads, and the pack (cloudwatch-log-groups-written)
 * requires each query in every stack, reading those groups. A query over a group nobody writes
 * (another database's log, the frontend's group for a backend event) returns nothing, which the
 * operator reads as "no errors today". Which service writes an event is the log contract's
 * (appLogContract.ts, writersOfEvents). Facts modules import nothing.
 */
/**
 * What a query reads: lines of the application's log contract (the events it filters on, or
 * `any` line of any service), or a log the database exports (PostgreSQL's, where
 * log_min_duration_statement writes slow statements).
 */
export type QueryReads = { events: readonly string[] | "any" } | { databaseLog: "postgresql" };

export interface SavedQuery {
    /** `daily/errors-by-service`: the name under the stack's folder. */
    path: `${"daily" | "weekly"}/${string}`;
    /** The guide's routine task it answers. */
    task: string;
    reads: QueryReads;
    /** Logs Insights query text. */
    query: string;
    /**
     * Fields of the log contract the query reads (a test checks them against the contract);
     * fields the query parses itself (`parse … as x`) are not listed. @default []
     */
    contractFields: string[];
}

/** The folder every query of a stack is saved under: `expertconnect-prod`. */
export function queryFolder(stackPrefix: string): string {
    return stackPrefix;
}

/** The routine's saved queries. */
export const SAVED_QUERIES: readonly SavedQuery[] = [
    {
        path: "daily/errors-by-service",
        task: "Check system logs for errors and warnings",
        reads: { events: "any" },
        query: [
            "fields @timestamp, service, level, logger, message",
            "| filter level in [\"WARNING\", \"ERROR\", \"CRITICAL\"]",
            "| stats count(*) as events, latest(message) as last_message by service, level, logger",
            "| sort events desc",
            "| limit 100",
        ].join("\n"),
        contractFields: ["service", "level", "logger", "message"],
    },
    {
        path: "daily/5xx-by-path",
        task: "Check system logs for errors and warnings",
        reads: { events: ["http_request"] },
        query: [
            "fields @timestamp, method, path, status",
            "| filter event = \"http_request\" and status >= 500",
            "| stats count(*) as errors by method, path, status",
            "| sort errors desc",
            "| limit 50",
        ].join("\n"),
        contractFields: ["event", "method", "path", "status"],
    },
    {
        path: "daily/credit-failures",
        task: "Verify credit transactions are processing correctly",
        reads: { events: ["credit_transaction"] },
        query: [
            "fields @timestamp, transaction_id, outcome, reason, credits",
            "| filter event = \"credit_transaction\" and outcome in [\"failed\", \"declined\"]",
            "| stats count(*) as transactions, sum(credits) as credits_affected, latest(transaction_id) as last_transaction by outcome, reason",
            "| sort transactions desc",
        ].join("\n"),
        contractFields: ["event", "transaction_id", "outcome", "reason", "credits"],
    },
    {
        path: "daily/activity",
        task: "Monitor active users and ongoing meetings",
        reads: { events: ["activity_snapshot"] },
        query: [
            "filter event = \"activity_snapshot\"",
            "| stats max(active_users) as peak_active_users, max(ongoing_meetings) as peak_ongoing_meetings by bin(1h)",
            "| sort @timestamp desc",
        ].join("\n"),
        contractFields: ["event", "active_users", "ongoing_meetings"],
    },
    {
        path: "weekly/slowest-endpoints",
        task: "Review performance metrics for slow API endpoints",
        reads: { events: ["http_request"] },
        query: [
            "filter event = \"http_request\"",
            "| stats count(*) as requests, avg(duration_ms) as avg_ms, pct(duration_ms, 95) as p95_ms, max(duration_ms) as max_ms by method, path",
            "| sort p95_ms desc",
            "| limit 25",
        ].join("\n"),
        contractFields: ["event", "duration_ms", "method", "path"],
    },
    {
        path: "weekly/db-slow-queries",
        task: "Review performance metrics for slow API endpoints",
        reads: { databaseLog: "postgresql" },
        // log_min_duration_statement=1000 writes `… LOG:  duration: 1532.118 ms  statement: SELECT …`.
        query: [
            "fields @timestamp, @message",
            "| filter @message like /duration: [0-9.]+ ms/",
            "| parse @message /duration: (?<duration_ms>[0-9.]+) ms\\s+(?:statement|execute [^:]*): (?<statement>.*)/",
            "| sort duration_ms desc",
            "| limit 50",
        ].join("\n"),
        contractFields: [],
    },
    {
        path: "weekly/video-failures",
        task: "Test video conferencing functionality",
        reads: { events: ["video_session"] },
        query: [
            "filter event = \"video_session\"",
            "| stats count(*) as attempts by bin(1d), outcome, reason",
            "| sort attempts desc",
        ].join("\n"),
        contractFields: ["event", "outcome", "reason"],
    },
];
