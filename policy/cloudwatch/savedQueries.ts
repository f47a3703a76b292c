/**
 * The routine's saved Logs Insights queries (policy/lib/facts/savedQueries.ts), judged by the data
 * that reaches them: each must exist in the stack and read, for what it reads, the log groups its
 * writers really write — every application service that writes its events (the log contract's
 * writers, resolved to the groups of the containers named after them), or the group a database
 * of the stack exports its PostgreSQL log to. A query saved over another group runs and returns
 * nothing, which the operator doing the daily check reads as "nothing wrong".
 */
import { PolicyResource } from "@pulumi/policy";

import { writersOfEvents } from "../lib/facts/appLogContract";
import { SAVED_QUERIES, SavedQuery } from "../lib/facts/savedQueries";
import { knownDeep, knownString } from "../lib/stack";
import { serviceLogGroups, WrittenGroups } from "./logWriters";

export const QUERY_DEFINITION = ["aws:cloudwatch/queryDefinition:QueryDefinition"] as const;

export interface QueryGap {
    message: string;
    /** The query definition at fault; undefined for a missing query (a stack-level finding). */
    urn?: string;
}

/** The saved query a definition is, by its name: `<folder>/<path>` (or the bare path). */
const isQuery = (name: string, q: SavedQuery) => name === q.path || name.endsWith(`/${q.path}`);

/** The groups that must feed `q`, one requirement per writer: each a set of groups of which the query must read one. */
function requiredGroups(q: SavedQuery, services: Map<string, Set<string>>, written: WrittenGroups): { writer: string; groups: Set<string> }[] {
    if ("databaseLog" in q.reads) {
        const log = q.reads.databaseLog;
        const groups = new Set([...written.names].filter((n) => new RegExp(`^/aws/rds/(instance|cluster)/[^/]+/${log}$`).test(n)));
        return [{ writer: `the database's ${log} log export`, groups }];
    }
    // Writers the stack does not run (a worker not deployed) write nothing to miss.
    return writersOfEvents(q.reads.events).filter((w) => services.has(w)).map((w) => ({ writer: w, groups: services.get(w)! }));
}

/**
 * The routine's queries missing from the stack or reading groups their writers do not write.
 * Not judged while the stack runs no application service (nothing writes the contract's lines
 * here) or a writer's target is unknown during preview.
 */
export function savedQueryGaps(resources: PolicyResource[], written: WrittenGroups): QueryGap[] {
    const services = serviceLogGroups(resources);
    if (services === "unknown" || services.size === 0 || written.unknown) return [];
    const definitions = resources.filter((r) => r.type === QUERY_DEFINITION[0]);
    if (definitions.some((d) => knownString(d, "name") === undefined)) return [];
    const gaps: QueryGap[] = [];
    for (const q of SAVED_QUERIES) {
        const mine = definitions.filter((d) => isQuery(knownString(d, "name")!, q));
        if (mine.length === 0) {
            gaps.push({ message: `the routine's saved Logs Insights query ${q.path} ("${q.task}") is missing: the operators' ${q.path.split("/")[0]} check has nothing to run. Keep AppSignals' queries (policy/lib/facts/savedQueries.ts).` });
            continue;
        }
        const required = requiredGroups(q, services, written);
        for (const d of mine) {
            const read = knownDeep(() => d.props.logGroupNames, undefined) as unknown;
            if (!Array.isArray(read) || read.some((g) => typeof g !== "string")) continue; // unknown during preview
            const missing = required.filter((r) => !read.some((g) => r.groups.has(g)));
            if (missing.length === 0) continue;
            const where = missing.map((m) => `${m.writer} writes ${[...m.groups].join(", ") || "no log group of the stack"}`).join("; ");
            gaps.push({
                urn: d.urn,
                message: `saved query ${knownString(d, "name")} ("${q.task}") reads ${read.join(", ") || "no log group"}, but ${where}: ` +
                    "the lines it looks for never reach it and it returns nothing. Set logGroupNames to the writers' groups.",
            });
        }
    }
    return gaps;
}
