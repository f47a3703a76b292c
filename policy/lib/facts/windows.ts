/**
 * RDS and ElastiCache backup (snapshot) and maintenance windows as intervals on the weekly clock
 * (UTC), so the rules RDS applies on CreateDBInstance can be checked before anything is
 * registered: the formats, at least 30 minutes each, and no overlap between the daily backup
 * window and the weekly maintenance window (RDS API reference, PreferredBackupWindow and
 * PreferredMaintenanceWindow; ElastiCache's SnapshotWindow likewise). The program's config
 * (config/database.ts) and the pack's data-windows-off-peak both read them from here.
 */

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** RDS's minimum length of either window. */
export const MIN_WINDOW_MINUTES = 30;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** A window as RDS reads it: its start on the clock and its length, both in minutes. */
export interface Window {
    start: number;
    minutes: number;
}

/** `hh24:mi` → minutes after midnight; undefined when not a valid time of day. */
function timeOfDay(text: string): number | undefined {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
    return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** `ddd:hh24:mi` → minutes after Monday 00:00; undefined when not valid. */
function timeOfWeek(text: string): number | undefined {
    const day = DAYS.indexOf(text.slice(0, 3).toLowerCase() as (typeof DAYS)[number]);
    const time = text[3] === ":" ? timeOfDay(text.slice(4)) : undefined;
    return day < 0 || time === undefined ? undefined : day * MINUTES_PER_DAY + time;
}

/** A window that may wrap past midnight (or past Sunday) is as long as the way round the clock. */
function span(start: number, end: number, clock: number): Window {
    return { start, minutes: (end - start + clock) % clock };
}

/** Parses a daily `hh24:mi-hh24:mi` window; undefined when the text is not one. */
export function parseDailyWindow(text: string): Window | undefined {
    const [from, to, ...rest] = text.split("-");
    const start = timeOfDay(from ?? "");
    const end = timeOfDay(to ?? "");
    return rest.length || start === undefined || end === undefined ? undefined : span(start, end, MINUTES_PER_DAY);
}

/** Parses a weekly `ddd:hh24:mi-ddd:hh24:mi` window; undefined when the text is not one. */
export function parseWeeklyWindow(text: string): Window | undefined {
    const [from, to, ...rest] = text.split("-");
    const start = timeOfWeek(from ?? "");
    const end = timeOfWeek(to ?? "");
    return rest.length || start === undefined || end === undefined ? undefined : span(start, end, MINUTES_PER_WEEK);
}

/** Whether two windows on the weekly clock share a minute (touching ends do not). */
function arcsOverlap(a: Window, b: Window): boolean {
    const ahead = (from: number, to: number) => (((to - from) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    return ahead(a.start, b.start) < a.minutes || ahead(b.start, a.start) < b.minutes;
}

/** Whether a daily window, repeated on each of the seven days, overlaps a weekly window. */
export function windowsOverlap(daily: Window, weekly: Window): boolean {
    return overlapsAny(daily, "daily", [weekly]);
}

/** Why a window's text is not acceptable to RDS, or undefined when it is. */
export function windowProblem(text: string, kind: "daily" | "weekly"): string | undefined {
    const window = kind === "daily" ? parseDailyWindow(text) : parseWeeklyWindow(text);
    const format = kind === "daily"
        ? "a UTC window hh24:mi-hh24:mi, e.g. 03:00-04:00"
        : "a UTC window ddd:hh24:mi-ddd:hh24:mi with ddd one of mon, tue, wed, thu, fri, sat, sun, e.g. sun:04:30-sun:05:30";
    if (!window) return format;
    if (window.minutes < MIN_WINDOW_MINUTES) return `${format}, at least ${MIN_WINDOW_MINUTES} minutes long (got ${window.minutes})`;
    return undefined;
}

/** A window's text as RDS and ElastiCache accept or return it, in any case (`Sun:04:30-Sun:05:30`); undefined when it is not one. */
export function parseWindow(text: string, kind: "daily" | "weekly"): Window | undefined {
    const lower = text.trim().toLowerCase();
    return kind === "daily" ? parseDailyWindow(lower) : parseWeeklyWindow(lower);
}

/** The business day's hours on each business day, as windows on the weekly clock. */
export function businessWindows(startHour: number, endHour: number, days: "weekdays" | "everyday"): Window[] {
    const count = days === "weekdays" ? 5 : 7;
    return DAYS.slice(0, count).map((_, day) => ({ start: day * MINUTES_PER_DAY + startHour * 60, minutes: (endHour - startHour) * 60 }));
}

/**
 * Whether a window (a daily one repeats on each of the seven days) shares a minute with any of
 * `others`, all on the weekly clock.
 */
export function overlapsAny(window: Window, kind: "daily" | "weekly", others: Window[]): boolean {
    const occurrences = kind === "daily"
        ? DAYS.map((_, day) => ({ start: day * MINUTES_PER_DAY + window.start, minutes: window.minutes }))
        : [window];
    return occurrences.some(o => others.some(other => arcsOverlap(o, other)));
}
