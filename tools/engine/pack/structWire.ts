/**
 * Writes plain JavaScript values straight into protobuf `google.protobuf.Struct` wire form.
 *
 * `Struct.fromJavaScript` builds a message object per value and a map per object, which are
 * then walked again to serialize; with one Analyze call per resource that was a third of the
 * engine's CPU for the pack and much of its garbage. The bytes written here are the same as
 * that route's (same fields, map keys in the same sorted order, the same error for values a
 * Struct cannot hold), so the pack reads exactly what it read before. The generated route
 * stays only as the oracle of tests/engine/unit/structWire.test.ts, which compares the bytes.
 */
import { BinaryWriter } from "google-protobuf";

/** google/protobuf/struct.proto field numbers. */
const STRUCT_FIELDS = 1;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;
const VALUE_NULL = 1;
const VALUE_NUMBER = 2;
const VALUE_STRING = 3;
const VALUE_BOOL = 4;
const VALUE_STRUCT = 5;
const VALUE_LIST = 6;
const LIST_VALUES = 1;

/** Stands for a JSON null, which BinaryWriter.writeMessage would otherwise skip. */
const NULL = {};

function writeValue(value: unknown, w: BinaryWriter): void {
    switch (typeof value) {
        case "string":
            w.writeString(VALUE_STRING, value);
            return;
        case "number":
            w.writeDouble(VALUE_NUMBER, value);
            return;
        case "boolean":
            w.writeBool(VALUE_BOOL, value);
            return;
        case "object":
            if (value === NULL) {
                w.writeEnum(VALUE_NULL, 0);
            } else if (Array.isArray(value)) {
                w.writeMessage(VALUE_LIST, value, writeList);
            } else {
                w.writeMessage(VALUE_STRUCT, value, writeStruct);
            }
            return;
        default:
            throw new Error("Unexpected struct type.");
    }
}

/** A Value message's content; null becomes the marker (undefined is left to fail in writeValue). */
function asValue(value: unknown): unknown {
    return value === null ? NULL : value;
}

function writeList(list: unknown[], w: BinaryWriter): void {
    for (const item of list) {
        writeEntryValue(w, LIST_VALUES, item);
    }
}

function writeEntry(entry: [string, unknown], w: BinaryWriter): void {
    w.writeString(ENTRY_KEY, entry[0]);
    writeEntryValue(w, ENTRY_VALUE, entry[1]);
}

function writeEntryValue(w: BinaryWriter, field: number, value: unknown): void {
    if (value === undefined) {
        throw new Error("Unexpected struct type.");
    }
    w.writeMessage(field, asValue(value), writeValue);
}

function writeStruct(obj: Record<string, unknown>, w: BinaryWriter): void {
    // Struct.fromJavaScript takes every enumerable key; the map serializes them sorted.
    const keys: string[] = [];
    for (const key in obj) {
        keys.push(key);
    }
    for (const key of keys.sort()) {
        w.writeMessage(STRUCT_FIELDS, [key, obj[key]], writeEntry);
    }
}

/** The bytes of a message holding only `props` as the Struct at `field`. */
export function structField(field: number, props: Record<string, unknown>): Uint8Array {
    const w = new BinaryWriter();
    w.writeMessage(field, props, writeStruct);
    return w.getResultBuffer();
}
