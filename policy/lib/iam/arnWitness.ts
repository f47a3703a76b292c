/**
 * A concrete ARN that both an IAM resource pattern and a resource type's ARN template match.
 *
 * Filling a pattern's wildcards with a name (`log-group:/ecs/app:*` → `log-group:/ecs/app:pack-probe`)
 * makes a string the pattern matches but not always a resource of the action's type: a log
 * stream's ARN is `log-group:<group>:log-stream:<stream>`, and a grant on the group's streams
 * written that way reads them all. Asking IAM about an ARN of the wrong shape asks about nothing,
 * so a probe must be a witness of both: the pattern (`*` any run, `?` one character) and the
 * template (each `${Placeholder}` a non-empty name, the partition, account and region given).
 */

type Token = { kind: "char"; c: string } | { kind: "one" } | { kind: "any" } | { kind: "name" };

/** What a placeholder left to a pattern's wildcard becomes, and what a `?` becomes. */
const NAME = "pack-probe";
const ONE = "x";

function patternTokens(pattern: string): Token[] {
    return [...pattern].map((c): Token => (c === "*" ? { kind: "any" } : c === "?" ? { kind: "one" } : { kind: "char", c }));
}

/** A template's tokens: literal characters, and each placeholder as one required character then any run. */
function templateTokens(template: string, fixed: Record<string, string>): Token[] {
    const out: Token[] = [];
    for (const part of template.split(/(\$\{[^}]+\})/)) {
        const placeholder = /^\$\{([^}]+)\}$/.exec(part);
        const value = placeholder ? fixed[placeholder[1]] : part;
        if (placeholder && value === undefined) {
            out.push({ kind: "name" }, { kind: "any" });
        } else {
            out.push(...[...value].map((c): Token => ({ kind: "char", c })));
        }
    }
    return out;
}

/**
 * The witness, or undefined when no ARN of the template's shape matches the pattern. IAM
 * compares ARNs case-sensitively except for the service's own letters; the pattern's spelling
 * is kept wherever it is literal.
 */
export function arnWitness(pattern: string, template: string, fixed: Record<string, string>): string | undefined {
    const a = patternTokens(pattern);
    const b = templateTokens(template, fixed);
    const failed = new Set<number>();
    const width = b.length + 1;
    const walk = (i: number, j: number): string | undefined => {
        if (i === a.length && j === b.length) {
            return "";
        }
        const key = i * width + j;
        if (failed.has(key)) {
            return undefined;
        }
        const tries: Array<() => string | undefined> = [];
        const x = a[i];
        const y = b[j];
        if (x?.kind === "any") {
            // Where the pattern's wildcard meets a placeholder, the name it stands for is NAME
            // (readable, and no resource of ours); a placeholder is `name` then `any` (see templateTokens).
            if (y?.kind === "any") {
                tries.push(() => prefixed(NAME, walk(i + 1, j + 1)), () => walk(i + 1, j), () => walk(i, j + 1));
            } else if (y?.kind === "name") {
                tries.push(() => prefixed(NAME, walk(i + 1, j + 2)), () => prefixed(NAME, walk(i, j + 2)), () => walk(i + 1, j));
            } else if (y) {
                tries.push(() => walk(i + 1, j), () => prefixed(y.kind === "char" ? y.c : ONE, walk(i, j + 1)));
            } else {
                tries.push(() => walk(i + 1, j));
            }
        } else if (y?.kind === "any") {
            tries.push(() => walk(i, j + 1));
            if (x) {
                tries.push(() => prefixed(x.kind === "char" ? x.c : ONE, walk(i + 1, j)));
            }
        } else if (x && y) {
            const both = single(x, y);
            if (both !== undefined) {
                tries.push(() => prefixed(both, walk(i + 1, j + 1)));
            }
        }
        for (const t of tries) {
            const found = t();
            if (found !== undefined) {
                return found;
            }
        }
        failed.add(key);
        return undefined;
    };
    return walk(0, 0);
}

function prefixed(head: string, rest: string | undefined): string | undefined {
    return rest === undefined ? undefined : head + rest;
}

/** The character a single pattern token and a single template token both match, if any. */
function single(x: Token, y: Token): string | undefined {
    if (x.kind === "char" && y.kind === "char") {
        return x.c === y.c ? x.c : undefined;
    }
    if (x.kind === "char") {
        return x.c;
    }
    return y.kind === "char" ? y.c : ONE;
}
