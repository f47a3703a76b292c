/**
 * What makes the monthly restore test mean something, stated once: the program's DatabaseTasks
 * renders the validation function's settings from here and backup-restore-tested requires them.
 * The guide asks to "Test backup restoration" and, under Backup Verification, to "Verify data
 * integrity"; AWS Backup only proves that a restore job completed. The function (code in
 * components/data/databaseTasks/handler.js) logs in to the restored copy, runs
 * `SELECT (<FRESHNESS_QUERY>)::timestamptz` and reports FAILED when that timestamp is more than
 * MAX_AGE_HOURS older than the recovery point. So the test can fail only when the query reads the
 * restored rows and the age is bounded: `SELECT now()` is always as new as the clock, and every
 * restore passes. Facts modules import nothing.
 */

/** The function's environment variables, as handler.js reads them. */
export const FRESHNESS_QUERY_SETTING = "FRESHNESS_QUERY";
export const MAX_AGE_SETTING = "MAX_AGE_HOURS";

/** The reviewed query: Django's `auth_user.last_login` moves with every login (application contract). */
export const DEFAULT_FRESHNESS_QUERY = "SELECT max(last_login) FROM auth_user";

/**
 * The most hours the restored copy's newest row may predate the recovery point. The guide gives
 * no figure for its RPO; the recovery points tested are the daily snapshots, and the newest
 * login before one may be a weekend old (Friday evening to a Monday-morning snapshot, about 60
 * hours), so 72 hours is the longest quiet spell the application explains. A longer limit lets a
 * copy missing days of writes pass; a shorter one is fine.
 */
export const MAX_RESTORED_DATA_AGE_HOURS = 72;

type Token = { kind: "word" | "name" | "string" | "number" | "punct"; text: string };

/** SQL's value keywords: read as a column they are the clock, the session or a constant. */
const VALUE_KEYWORDS = new Set(["current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user", "current_role",
    "session_user", "user", "current_catalog", "current_schema", "null", "true", "false", "default"]);

/** Words that end a FROM item (a join, a condition, the clauses after FROM) and so cannot be an alias. */
const CLAUSE_WORDS = new Set(["as", "on", "using", "join", "inner", "cross", "left", "right", "full", "outer", "natural", "lateral", "only", "rows", "from",
    "tablesample", "where", "group", "having", "order", "limit", "offset", "fetch", "window", "for", "union", "intersect", "except", "select"]);

/** The query's tokens, or why it cannot be read (comments and dollar quoting hide what runs). */
function tokenize(sql: string): Token[] | string {
    const out: Token[] = [];
    let i = 0;
    while (i < sql.length) {
        const c = sql[i];
        if (/\s/.test(c)) { i++; continue; }
        if (sql.startsWith("--", i) || sql.startsWith("/*", i)) return "it holds a comment";
        if (c === "$") return "it holds dollar-quoted text";
        if (c === "'" || c === "\"") {
            let j = i + 1;
            let text = "";
            for (; j < sql.length; j++) {
                if (sql[j] === c && sql[j + 1] === c) { text += c; j++; continue; }
                if (sql[j] === c) break;
                text += sql[j];
            }
            if (j >= sql.length) return "it has an unterminated quote";
            out.push({ kind: c === "'" ? "string" : "name", text });
            i = j + 1;
            continue;
        }
        const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))?.[0];
        if (word) { out.push({ kind: "word", text: word.toLowerCase() }); i += word.length; continue; }
        const number = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(sql.slice(i))?.[0];
        if (number) { out.push({ kind: "number", text: number }); i += number.length; continue; }
        const punct = sql.startsWith("::", i) ? "::" : c;
        out.push({ kind: "punct", text: punct });
        i += punct.length;
    }
    return out;
}

const isWord = (t: Token | undefined, ...words: string[]) => t?.kind === "word" && (words.length === 0 || words.includes(t.text));
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punct" && t.text === text;

/** Reads a dotted name (`schema.table`, `alias.column`) at `i`: its parts and the index after it, or undefined. */
function dottedName(ts: Token[], i: number): { parts: string[]; next: number } | undefined {
    const parts: string[] = [];
    let j = i;
    for (;;) {
        const t = ts[j];
        if (!(t?.kind === "name" || (t?.kind === "word" && !CLAUSE_WORDS.has(t.text)))) return undefined;
        parts.push(t.text);
        j++;
        if (!isPunct(ts[j], ".")) return { parts, next: j };
        j++;
    }
}

/** Why the select list is not `max(<column>)` (with an optional cast or alias), or undefined. */
function selectListProblem(list: Token[]): string | undefined {
    const column = isWord(list[0], "max") && isPunct(list[1], "(") ? dottedName(list, 2) : undefined;
    const unquotedKeyword = column !== undefined && list.slice(2, column.next).some(t => t.kind === "word" && VALUE_KEYWORDS.has(t.text));
    if (!column || unquotedKeyword || !isPunct(list[column.next], ")")) {
        return "its value is not max(<column>) of the rows it reads: an expression, a function or a constant can be as new as the clock whatever was restored";
    }
    // A cast (`::timestamptz`, `::timestamp with time zone`) or an alias changes no value.
    if (!list.slice(column.next + 1).every(t => t.kind === "word" || isPunct(t, "::"))) {
        return "its value is not max(<column>) of the rows it reads: arithmetic or a function around it can move it to the clock";
    }
    return undefined;
}

/** Why the FROM clause does not read tables of the application, or undefined. */
function fromClauseProblem(ts: Token[]): string | undefined {
    let i = 0;
    for (;;) {
        const name = dottedName(ts, i);
        if (!name || isPunct(ts[name.next], "(")) {
            return "it reads from something other than a table (a function, a subquery, VALUES, ROWS FROM or LATERAL), whose rows need not come from the restored data";
        }
        const [schema, relation] = name.parts.length > 1 ? name.parts.slice(-2) : [undefined, name.parts[0]];
        if (["pg_catalog", "information_schema", "pg_toast"].includes(schema ?? "") || relation.startsWith("pg_")) {
            return `it reads the system catalog ${name.parts.join(".")}, which describes the running server (its start, its sessions), not the restored data`;
        }
        i = name.next;
        if (isWord(ts[i], "as")) i++;
        const alias = ts[i];
        if (alias && (alias.kind === "name" || (alias.kind === "word" && !CLAUSE_WORDS.has(alias.text)))) i++;
        // A join's condition only filters rows: skip it to the next item.
        if (isWord(ts[i], "on", "using")) {
            let depth = 0;
            for (i++; i < ts.length; i++) {
                if (isPunct(ts[i], "(")) depth++;
                else if (isPunct(ts[i], ")")) depth--;
                else if (depth === 0 && (isPunct(ts[i], ",") || isWord(ts[i], "join", "inner", "cross", "left", "right", "full", "natural"))) break;
            }
        }
        if (i >= ts.length) return undefined;
        if (isPunct(ts[i], ",")) { i++; continue; }
        let j = i;
        while (isWord(ts[j], "natural", "inner", "cross", "left", "right", "full", "outer")) j++;
        if (!isWord(ts[j], "join")) return "its FROM clause is not a list of tables and joins";
        i = j + 1;
    }
}

/**
 * Why a freshness query cannot tell an old copy from a fresh one, or undefined when it reads the
 * restored rows: one SELECT (no second statement, comment or set operation) of `max(<column>)`
 * from tables and joins of the application (not a function, subquery or system catalog), with any
 * WHERE, GROUP BY or ORDER BY after it (they only choose rows).
 */
export function freshnessQueryProblem(query: string): string | undefined {
    const ts = tokenize(query);
    if (typeof ts === "string") return ts;
    let depth = 0;
    for (const t of ts) {
        if (isPunct(t, "(")) depth++;
        if (isPunct(t, ")")) depth--;
        if (depth < 0) return "it closes a parenthesis it did not open, escaping the SELECT the function wraps it in";
        if (isPunct(t, ";")) return "it holds a second statement";
        if (depth === 0 && isWord(t, "union", "intersect", "except")) return "it combines its rows with another SELECT's, whose value can be the clock";
    }
    if (depth !== 0) return "its parentheses do not balance";
    if (!isWord(ts[0], "select")) return "it is not a SELECT of the restored rows (a WITH, VALUES or other statement)";
    const top = topLevel(ts);
    const from = ts.findIndex((t, k) => top[k] && isWord(t, "from"));
    if (from < 0) return "it reads no table: its value comes from the clock or a constant, not from the restored data";
    const listProblem = selectListProblem(ts.slice(1, from));
    if (listProblem) return listProblem;
    const end = ts.findIndex((t, k) => k > from && top[k] && isWord(t, "where", "group", "having", "order", "limit", "offset", "fetch", "window", "for"));
    return fromClauseProblem(ts.slice(from + 1, end < 0 ? ts.length : end));
}

/** For each token, whether it stands outside every parenthesis. */
function topLevel(ts: Token[]): boolean[] {
    let depth = 0;
    return ts.map(t => {
        if (isPunct(t, ")")) depth--;
        const outside = depth === 0 && !isPunct(t, ")");
        if (isPunct(t, "(")) depth++;
        return outside;
    });
}

/**
 * Why a maximum age does not bound the test, or undefined: handler.js reads it with `Number()`, so
 * anything but a number of hours above 0 and at most {@link MAX_RESTORED_DATA_AGE_HOURS} either
 * fails every test (0, text: it compares with NaN) or passes copies days or years behind.
 */
export function maxAgeProblem(value: string): string | undefined {
    const hours = Number(value);
    if (value.trim() === "" || !Number.isFinite(hours) || hours <= 0) {
        return `${JSON.stringify(value)} is not a number of hours above 0 (the test then fails whatever was restored, or passes whatever it is)`;
    }
    if (hours > MAX_RESTORED_DATA_AGE_HOURS) {
        return `${value} hours lets a copy missing more than ${MAX_RESTORED_DATA_AGE_HOURS} hours of writes (the longest quiet spell of the application) pass`;
    }
    return undefined;
}
