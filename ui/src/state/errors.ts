// What a failed command says, as a `Text` the UI words in the user's
// language: by the error's code and params when the shell sends them (it
// always does for its own errors), else its English sentence as it is
// (Tauri's own failures, e.g. a denied permission).

import type { AppErrorCode, CommandError, ErrorCode } from "../api";
import { type MessageId, type Text, text } from "../i18n";
import { refusalText } from "./classroom";
import { values } from "./view";

/** The message of each code (a code without one fails the type check). */
const MESSAGES: { [code in AppErrorCode]: MessageId & `error.${code}` } = {
  alreadyInClass: "error.alreadyInClass",
  notInClass: "error.notInClass",
  missingClassOrTeacher: "error.missingClassOrTeacher",
  missingName: "error.missingName",
  badAddress: "error.badAddress",
  notHosting: "error.notHosting",
  retentionZero: "error.retentionZero",
  classNeedsNewerApp: "error.classNeedsNewerApp",
  classUnreachable: "error.classUnreachable",
  browseUnavailable: "error.browseUnavailable",
  noNetwork: "error.noNetwork",
  cannotListen: "error.cannotListen",
  outboxFull: "error.outboxFull",
  connectionClosed: "error.connectionClosed",
  joinRefused: "error.joinRefused",
  classNotStored: "error.classNotStored",
  noClassesStored: "error.noClassesStored",
  classInUse: "error.classInUse",
  historyDamaged: "error.historyDamaged",
  historyTooNew: "error.historyTooNew",
  historyReadOnly: "error.historyReadOnly",
  diskFull: "error.diskFull",
  historyBusy: "error.historyBusy",
  exportFailed: "error.exportFailed",
  unknownTimeZone: "error.unknownTimeZone",
  historyFailed: "error.historyFailed",
  noClassCode: "error.noClassCode",
  classEnded: "error.classEnded",
  io: "error.io",
  updateCheckFailed: "error.updateCheckFailed",
  updateDownloadFailed: "error.updateDownloadFailed",
  updateSignatureInvalid: "error.updateSignatureInvalid",
  updateInstallFailed: "error.updateInstallFailed",
  noUpdate: "error.noUpdate",
};

/** The sentence to show for a failed command. */
export function errorText(error: CommandError): Text {
  const { code, params = {} } = error;
  if (code === undefined) return text("common.error", { detail: error.message });
  // A refused join says why in the protocol's own code: worded like any refusal.
  if (code === "joinRefused" && typeof params.reason === "string") {
    return refusalText(params.reason as ErrorCode, String(params.detail ?? error.message));
  }
  return text(MESSAGES[code], values(params));
}
