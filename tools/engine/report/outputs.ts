/**
 * The Outputs section as `pulumi preview` prints it: top-level stack outputs sorted by name,
 * names padded so the colons align, nested objects and lists indented, secrets as `[secret]`.
 */
import { EngineResource, STACK_TYPE } from "../model";
import { isSecret } from "../wire";

function render(value: unknown, indent: string): string[] {
    if (isSecret(value)) {
        return ["[secret]"];
    }
    if (Array.isArray(value)) {
        if (value.length === 0) {
            return ["[]"];
        }
        const inner = `${indent}    `;
        const width = String(value.length - 1).length + 2;
        return ["[", ...value.flatMap((v, i) => member(`[${i}]`.padEnd(width), v, inner)), `${indent}]`];
    }
    if (value !== null && typeof value === "object") {
        const keys = Object.keys(value).sort();
        if (keys.length === 0) {
            return ["{}"];
        }
        const inner = `${indent}    `;
        const width = Math.max(...keys.map((k) => k.length));
        return ["{", ...keys.flatMap((k) => member(k.padEnd(width), (value as Record<string, unknown>)[k], inner)), `${indent}}`];
    }
    return [typeof value === "string" ? JSON.stringify(value) : String(value)];
}

function member(label: string, value: unknown, indent: string): string[] {
    const [first, ...rest] = render(value, indent);
    return [`${indent}${label}: ${first}`, ...rest];
}

/** `Outputs:` and one entry per stack output; nothing when the stack has none. */
export function formatOutputs(resources: EngineResource[]): string[] {
    const stack = resources.find((r) => r.type === STACK_TYPE);
    const outputs = stack?.outputs ?? {};
    const keys = Object.keys(outputs).filter((k) => outputs[k] !== undefined).sort();
    if (keys.length === 0) {
        return [];
    }
    const width = Math.max(...keys.map((k) => k.length));
    return ["Outputs:", ...keys.flatMap((k) => member(k.padEnd(width), outputs[k], "    "))];
}
