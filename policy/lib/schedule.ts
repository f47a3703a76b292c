/**
 * How often an AWS schedule expression runs, as EventBridge Scheduler, AWS Backup and Secrets
 * Manager read them: `rate(n unit)` and six-field `cron(min hour day-of-month month day-of-week
 * year)` with `*`, `?`, lists, ranges, steps, month and weekday names, `L` and `#`.
 */

/** Days between runs of `rate(n minutes|hours|days)`; undefined for anything else. */
export function rateDays(expression: string): number | undefined {
    const m = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
    if (!m) {
        return undefined;
    }
    const n = Number(m[1]);
    return m[2].startsWith("day") ? n : m[2].startsWith("hour") ? n / 24 : n / 1440;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The values a cron field selects in [min, max] (names allowed); undefined when it cannot be read. */
function fieldValues(field: string, min: number, max: number, names: string[] = [], base = min): number[] | undefined {
    if (field === "*" || field === "?") {
        return Array.from({ length: max - min + 1 }, (_, i) => min + i);
    }
    const value = (text: string) => {
        const named = names.indexOf(text.toUpperCase());
        return named >= 0 ? named + base : /^\d+$/.test(text) ? Number(text) : NaN;
    };
    const out = new Set<number>();
    for (const part of field.split(",")) {
        const [range, step = "1"] = part.split("/");
        const [from, to] = range === "*" ? [min, max] : range.includes("-") ? range.split("-").map(value) : [value(range), step === "1" ? value(range) : max];
        if (![from, to, Number(step)].every(Number.isFinite) || Number(step) < 1) {
            return undefined;
        }
        for (let v = from; v <= to; v += Number(step)) {
            out.add(v);
        }
    }
    return [...out].sort((a, b) => a - b);
}

/** The largest cyclic gap between sorted values over a period. */
function largestGap(values: number[], period: number): number {
    return Math.max(...values.map((v, i) => (i + 1 < values.length ? values[i + 1] - v : values[0] + period - v)));
}

/** Most days between two runs of `expression` (rate or cron); undefined when it cannot be read. */
export function longestGapDays(expression: string): number | undefined {
    const rate = rateDays(expression);
    if (rate !== undefined) {
        return rate;
    }
    const fields = /^cron\((.+)\)$/.exec(expression.trim())?.[1].trim().split(/\s+/);
    if (!fields || fields.length !== 6) {
        return undefined;
    }
    const [, , dayOfMonth, month, dayOfWeek] = fields;
    const months = fieldValues(month, 1, 12, MONTHS, 1);
    if (!months || months.length === 0) {
        return undefined;
    }
    let withinMonth: number | undefined;
    if (dayOfWeek !== "?") {
        // `2#1` (first Monday) or `6L` (last Friday): once a month, up to five weeks apart.
        const weekdays = /[#L]/.test(dayOfWeek) ? undefined : fieldValues(dayOfWeek, 1, 7, WEEKDAYS, 1);
        withinMonth = weekdays ? largestGap(weekdays, 7) : 35;
    } else {
        const days = /[LW]/.test(dayOfMonth) ? undefined : fieldValues(dayOfMonth, 1, 31);
        withinMonth = days ? largestGap(days, 31) : 31;
    }
    // Months left out stretch the gap by their length.
    return months.length === 12 ? withinMonth : (largestGap(months, 12) - 1) * 31 + withinMonth;
}

/**
 * Most minutes between two runs of `expression` (rate or cron), to the minute for runs within a
 * day (a cron's minute and hour fields); undefined when it cannot be read.
 */
export function longestGapMinutes(expression: string): number | undefined {
    const rate = rateDays(expression);
    if (rate !== undefined) {
        return rate * 1440;
    }
    const days = longestGapDays(expression);
    const [minute, hour] = /^cron\((.+)\)$/.exec(expression.trim())?.[1].trim().split(/\s+/) ?? [];
    const minutes = minute === undefined ? undefined : fieldValues(minute, 0, 59);
    const hours = hour === undefined ? undefined : fieldValues(hour, 0, 23);
    if (days === undefined || !minutes || !hours || minutes.length === 0 || hours.length === 0) {
        return undefined;
    }
    const withinDay = largestGap(hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b), 1440);
    // Runs on some days only: the gap spans the days without a run, plus the day's own gap.
    return days <= 1 ? withinDay : (days - 1) * 1440 + withinDay;
}
