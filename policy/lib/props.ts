import { known } from "./stack";

/**
 * Whether a string input is given. During preview an input computed from another new resource
 * (a key ARN, a bucket name) is unknown; it will hold a value, so it counts as given rather than
 * stopping the whole policy with "can't run during preview". Reading presence with `in` does not
 * trip the unknown-checking proxy.
 */
export function isGiven(props: Record<string, any>, key: string): boolean {
    if (props === undefined || props === null || !(key in props)) {
        return false;
    }
    return known(() => typeof props[key] === "string" && props[key] !== "", true);
}
