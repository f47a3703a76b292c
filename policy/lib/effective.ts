/** A resource's inputs (resource policies) or outputs (stack policies), as the analyzer passes them. */
export type Props = Record<string, any>;

/**
 * Thrown when a check reads a property the deployed state does not hold: the check can't judge
 * that resource from its state (Analyze judges its inputs). Deliberately not the unknown-value
 * error, which some checks read as "given" (an ARN computed during preview).
 */
export class AbsentFromState extends Error {
    constructor(readonly property: string) {
        super(`${property} is not in the deployed state`);
    }
}

/**
 * Write-only arguments (@pulumi/aws 7 names them `…Wo`, with a `…WoVersion` trigger): the provider
 * sends them to AWS and never stores them, so the state cannot say whether they were given.
 */
const WRITE_ONLY = /Wo(Version)?$/;

/**
 * The effective value of a resource's properties: what AWS holds, as far as the analyzer can say.
 *
 * The analyzer protocol gives a resource's inputs to Analyze and its outputs to AnalyzeStack. The
 * outputs are the effective value: for a resource that exists they come from the stack's state
 * (refreshed by `pulumi refresh` / `--refresh`, or read from a `pulumi stack export`), so a change
 * made outside Pulumi shows there; for a new resource the engine plans them from its inputs.
 *
 * A property absent from the outputs is unset, as in the inputs, except a write-only argument: it
 * never reaches the state, so reading one (or testing it with `in`) throws `AbsentFromState` and the check stops for that
 * resource ("can't judge from state"; Analyze judged its inputs) instead of reporting a false
 * violation. Present properties, unknown ones included, read through unchanged.
 */
export function effective(outputs: Props): Props {
    const absent = (target: Props, key: string | symbol): boolean =>
        typeof key === "string" && WRITE_ONLY.test(key) && !(key in target);
    return new Proxy(outputs, {
        has(target, key) {
            if (absent(target, key)) {
                throw new AbsentFromState(String(key));
            }
            return key in target;
        },
        get(target, key, receiver) {
            if (absent(target, key)) {
                throw new AbsentFromState(String(key));
            }
            return Reflect.get(target, key, receiver);
        },
    });
}
