/**
 * Which exit statuses a POSIX shell script can end with, worked out without running it: `exit N`,
 * `true`, `false` and `:` have one outcome, any other command may succeed or fail, and `;`, `&&`,
 * `||`, pipelines, `!`, `( … )` and `{ …; }` combine them as `sh -c` does. A health check's command
 * (CMD-SHELL) that can only end in 0 never reports a failure, one that can only end non-zero never
 * passes. Scripts with compound commands the evaluation does not follow (if, case, loops,
 * functions) are taken as able to end either way.
 */

/** A status class: success (0) or failure (any other). */
export type Status = "0" | "fail";

type State = `${"run" | "exit"}:${Status}`;

type Node =
    | { kind: "simple"; words: string[] }
    | { kind: "group"; subshell: boolean; body: Node }
    | { kind: "pipeline"; negate: boolean; commands: Node[] }
    | { kind: "andOr"; first: Node; rest: Array<{ op: "&&" | "||"; node: Node }> }
    | { kind: "list"; items: Array<{ node: Node; background: boolean }> };

/** Reserved words that start compound commands the evaluation does not follow. */
const COMPOUND = new Set(["if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "function", "select"]);
const OPERATORS = ["&&", "||", ";;", ";", "&", "|", "(", ")", "\n"];

class Opaque extends Error {}

/** The script's words and operators; quotes are kept inside words (only their boundaries matter here). */
export function shellTokens(script: string): string[] {
    const tokens: string[] = [];
    let word = "";
    let i = 0;
    const flush = () => { if (word !== "") tokens.push(word); word = ""; };
    while (i < script.length) {
        const c = script[i]!;
        if (c === "'" || c === '"' || c === "`") {
            const end = closing(script, i, c);
            word += script.slice(i, end + 1);
            i = end + 1;
        } else if (c === "\\") {
            word += script.slice(i, i + 2);
            i += 2;
        } else if (c === "$" && script[i + 1] === "(") {
            const end = balanced(script, i + 1);
            word += script.slice(i, end + 1);
            i = end + 1;
        } else if (c === "#" && word === "") {
            while (i < script.length && script[i] !== "\n") i++;
        } else if (c === ">" || c === "<") {
            // A redirection (`2>&1`, `>/dev/null`) belongs to the command: keep its `&` in the word.
            word += c;
            i++;
            if (script[i] === "&" || script[i] === ">") { word += script[i]; i++; }
        } else if (c === " " || c === "\t") {
            flush();
            i++;
        } else {
            const op = OPERATORS.find((o) => script.startsWith(o, i));
            if (op) {
                flush();
                tokens.push(op);
                i += op.length;
            } else {
                word += c;
                i++;
            }
        }
    }
    flush();
    return tokens;
}

function closing(s: string, start: number, quote: string): number {
    for (let i = start + 1; i < s.length; i++) {
        if (quote !== "'" && s[i] === "\\") { i++; continue; }
        if (s[i] === quote) return i;
    }
    throw new Opaque("unterminated quote");
}

function balanced(s: string, open: number): number {
    let depth = 0;
    for (let i = open; i < s.length; i++) {
        if (s[i] === "(") depth++;
        if (s[i] === ")" && --depth === 0) return i;
    }
    throw new Opaque("unbalanced parenthesis");
}

class Parser {
    private i = 0;
    constructor(private readonly tokens: string[]) {}

    parse(): Node {
        const list = this.list(undefined);
        if (this.i < this.tokens.length) throw new Opaque(`unexpected ${this.tokens[this.i]}`);
        return list;
    }

    private peek(): string | undefined { return this.tokens[this.i]; }

    private list(until: string | undefined): Node {
        const items: Array<{ node: Node; background: boolean }> = [];
        for (;;) {
            while (this.peek() === "\n" || this.peek() === ";") this.i++;
            const t = this.peek();
            if (t === undefined || t === until || t === ")") break;
            const node = this.andOr();
            const background = this.peek() === "&";
            if (background || this.peek() === ";" || this.peek() === "\n") this.i++;
            items.push({ node, background });
        }
        return { kind: "list", items };
    }

    private andOr(): Node {
        const first = this.pipeline();
        const rest: Array<{ op: "&&" | "||"; node: Node }> = [];
        while (this.peek() === "&&" || this.peek() === "||") {
            const op = this.tokens[this.i++] as "&&" | "||";
            while (this.peek() === "\n") this.i++;
            rest.push({ op, node: this.pipeline() });
        }
        return { kind: "andOr", first, rest };
    }

    private pipeline(): Node {
        let negate = false;
        while (this.peek() === "!") { negate = !negate; this.i++; }
        const commands = [this.command()];
        while (this.peek() === "|") { this.i++; commands.push(this.command()); }
        return { kind: "pipeline", negate, commands };
    }

    private command(): Node {
        const t = this.peek();
        if (t === "(") {
            this.i++;
            const body = this.list(")");
            if (this.tokens[this.i++] !== ")") throw new Opaque("unclosed subshell");
            return { kind: "group", subshell: true, body };
        }
        if (t === "{") {
            this.i++;
            const body = this.list("}");
            if (this.tokens[this.i++] !== "}") throw new Opaque("unclosed group");
            return { kind: "group", subshell: false, body };
        }
        const words: string[] = [];
        while (this.peek() !== undefined && !OPERATORS.includes(this.peek()!)) words.push(this.tokens[this.i++]!);
        if (words.length === 0) throw new Opaque(`missing command before ${t ?? "end"}`);
        if (COMPOUND.has(words[0]!)) throw new Opaque(`compound command ${words[0]}`);
        return { kind: "simple", words };
    }
}

/** A word without its quotes (enough to read a command's name and `exit`'s argument). */
function unquoted(word: string): string {
    return word.replace(/\\(.)/g, "$1").replace(/['"]/g, "");
}

/** The statuses a simple command ends with, given the status before it (what `exit` alone returns). */
export function commandOutcome(argv: string[], before: Status): { statuses: Status[]; exits: boolean } {
    const words = argv.map(unquoted).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && !/^\d*[<>]/.test(w));
    const name = (words[0] ?? "").replace(/^.*\//, "");
    if (words.length === 0) return { statuses: ["0"], exits: false };
    if (name === "exit") {
        const arg = words[1];
        if (arg === undefined) return { statuses: [before], exits: true };
        // A number exits with it modulo 256; anything else is sh's "Illegal number" (status 2).
        if (/^\d+$/.test(arg)) return { statuses: [Number(arg) % 256 === 0 ? "0" : "fail"], exits: true };
        return { statuses: /^\$/.test(arg) ? ["0", "fail"] : ["fail"], exits: true };
    }
    if (name === "true" || name === ":") return { statuses: ["0"], exits: false };
    if (name === "false") return { statuses: ["fail"], exits: false };
    return { statuses: ["0", "fail"], exits: false };
}

function run(node: Node, states: Set<State>): Set<State> {
    const running = [...states].filter((s) => s.startsWith("run:")).map((s) => s.slice(4) as Status);
    const out = new Set<State>([...states].filter((s) => s.startsWith("exit:")));
    if (running.length === 0) return out;
    switch (node.kind) {
        case "simple":
            for (const before of running) {
                const { statuses, exits } = commandOutcome(node.words, before);
                for (const s of statuses) out.add(`${exits ? "exit" : "run"}:${s}`);
            }
            return out;
        case "group": {
            const after = run(node.body, new Set(running.map((s): State => `run:${s}`)));
            // `exit` in a subshell ends only the subshell: its status is the group's.
            for (const s of after) out.add(node.subshell ? `run:${s.replace(/^\w+:/, "")}` as State : s);
            return out;
        }
        case "pipeline": {
            // Each command of a longer pipeline runs in a subshell; the last one's status is the pipeline's.
            const alone = node.commands.length === 1;
            const last = node.commands[node.commands.length - 1]!;
            const after = run(alone ? last : { kind: "group", subshell: true, body: last }, new Set(running.map((s): State => `run:${s}`)));
            for (const s of after) {
                const [where, status] = s.split(":") as ["run" | "exit", Status];
                out.add(where === "run" && node.negate ? `run:${status === "0" ? "fail" : "0"}` : s);
            }
            return out;
        }
        case "andOr": {
            let current = run(node.first, new Set(running.map((s): State => `run:${s}`)));
            for (const { op, node: next } of node.rest) {
                const proceed = new Set([...current].filter((s) => s === (op === "&&" ? "run:0" : "run:fail")));
                const skip = [...current].filter((s) => !proceed.has(s));
                current = new Set([...skip, ...run(next, proceed)]);
            }
            for (const s of current) out.add(s);
            return out;
        }
        case "list": {
            let current = new Set<State>(running.map((s): State => `run:${s}`));
            for (const { node: item, background } of node.items) {
                // A command sent to the background returns 0 at once; its exit is its own.
                current = background ? new Set([...current].map((s): State => (s.startsWith("run:") ? "run:0" : s))) : run(item, current);
            }
            for (const s of current) out.add(s);
            return out;
        }
    }
}

/** The simple commands whose status can be `node`'s: the last command of each pipeline, through groups and lists. */
function statusCommands(node: Node): string[][] {
    switch (node.kind) {
        case "simple": return [node.words];
        case "group": return statusCommands(node.body);
        case "pipeline": return statusCommands(node.commands[node.commands.length - 1]!);
        case "andOr": return [node.first, ...node.rest.map((r) => r.node)].flatMap(statusCommands);
        case "list": return node.items.filter((i) => !i.background).flatMap((i) => statusCommands(i.node));
    }
}

/**
 * The commands of `sh -c script` whose exit status may decide the script's, as argument lists
 * without quotes: a command piped into another (`curl … | grep ok`) or sent to the background is
 * not among them, its output or nothing is. Undefined for scripts the evaluation does not follow.
 */
export function deciding(script: string): string[][] | undefined {
    try {
        return statusCommands(new Parser(shellTokens(script)).parse()).map((words) => words.map(unquoted));
    } catch (e) {
        if (e instanceof Opaque) return undefined;
        throw e;
    }
}

/**
 * The statuses `sh -c script` can end with: ["0"] never fails, ["fail"] never passes, both
 * depend on what the commands find. Scripts the evaluation does not follow give both.
 */
export function scriptOutcomes(script: string): Status[] {
    try {
        const tree = new Parser(shellTokens(script)).parse();
        const end = run(tree, new Set<State>(["run:0"]));
        return (["0", "fail"] as Status[]).filter((s) => end.has(`run:${s}`) || end.has(`exit:${s}`));
    } catch (e) {
        if (e instanceof Opaque) return ["0", "fail"];
        throw e;
    }
}
