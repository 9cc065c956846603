// Checks the Home forms before anything is sent, with the hub's own rules
// (names of 1–40 characters), so most mistakes are caught next to the field.
// The problems are `Text` descriptors: Home words them in the UI's language.

import { type HostRequest, type JoinRequest, MAX_NAME_CHARS } from "../api";
import { type MessageId, type Text, text } from "../i18n";
import type { HomeField } from "./classroom";
import { messageLength } from "./view";

export type FieldErrors = Partial<Record<HomeField, Text>>;

function nameError(value: string, empty: MessageId): Text | undefined {
  const length = messageLength(value);
  if (length === 0) return text(empty);
  if (length > MAX_NAME_CHARS) return text("home.nameTooLong", { max: MAX_NAME_CHARS });
  return undefined;
}

function compact(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v !== undefined));
}

export function validateHost(request: HostRequest): FieldErrors {
  return compact({
    class: nameError(request.class, "home.classNameMissing"),
    teacher: nameError(request.teacher, "home.yourNameMissing"),
  });
}

/**
 * A class picked from the list needs no address, and no code when it says
 * so; a typed address always needs both (we cannot know better).
 */
export function validateJoin(request: JoinRequest): FieldErrors {
  const picked = request.class ?? null;
  const needsCode = picked === null || picked.code_required !== false;
  return compact({
    address:
      picked === null && request.address.trim() === ""
        ? text("home.addressMissing")
        : undefined,
    name: nameError(request.name, "home.yourNameMissing"),
    code: needsCode && request.code.trim() === "" ? text("home.codeMissing") : undefined,
  });
}

/** The request with surrounding white space removed. */
export function trimmedHost(request: HostRequest): HostRequest {
  return { class: request.class.trim(), teacher: request.teacher.trim() };
}

export function trimmedJoin(request: JoinRequest): JoinRequest {
  const trimmed = { address: request.address.trim(), name: request.name.trim(), code: request.code.trim() };
  return request.class ? { ...trimmed, class: request.class } : trimmed;
}
