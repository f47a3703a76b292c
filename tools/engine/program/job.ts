import { MockContext } from "../mocks/context";
import { EngineResource } from "../model";
import { ProgramConfig } from "./stackConfig";

/** What the parent asks a program process to run. */
export interface ProgramJob {
    /** Directory the program runs in (like the CLI, the project directory). */
    programDir: string;
    /** Module to require. */
    programMain: string;
    ctx: MockContext;
    config: ProgramConfig;
}

/** What comes back: everything registered, the stack outputs, and what went wrong. */
export interface ProgramResult {
    resources: EngineResource[];
    /**
     * The program failed with a JavaScript mistake while stack traces were off: its report
     * lacks where it happened, and a run with stack frames would give it.
     */
    wantsFrames?: boolean;
    /** Stack outputs in wire form (secrets wrapped), as the root stack registered them. */
    outputs: Record<string, unknown>;
    /** The program's own error (thrown, or rejected), formatted for the user. */
    programError?: string;
    /** Engine-detected problems: duplicate URNs, unknown invokes, failed registrations. */
    errors: string[];
}

/** Messages between the parent and a program process. */
export type ToChild =
    | { kind: "job"; job: ProgramJob }
    | { kind: "stackOutputs"; stack: string; outputs?: Record<string, unknown>; error?: string };
export type ToParent =
    | { kind: "stackOutputs"; stack: string }
    /** Resources registered (inputs known), so analysis can start before the program ends. */
    | { kind: "resources"; records: EngineResource[] }
    /**
     * The end of a run whose resources were streamed: what each became once registered, its id
     * and outputs, rather than every input again.
     */
    | { kind: "result"; result: Omit<ProgramResult, "resources">; registered: RegisteredState[] };

/** A streamed resource's state after registration. */
export interface RegisteredState {
    urn: string;
    id?: string;
    outputs: Record<string, unknown>;
}
