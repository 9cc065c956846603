// Compile-time proof that the command table is enforced: each line below is
// a mistake `tsc --noEmit` must reject. If one stops being an error (the
// table lost its types), `@ts-expect-error` itself fails the type check.
// Never run; only type-checked.

import { Channel } from "@tauri-apps/api/core";
import { call } from "./commands";
import type { AppEvent, HostRequest } from "./generated/protocol";

export function commandMistakesDoNotCompile(request: HostRequest): void {
  // @ts-expect-error: the argument is `id`, not `classId`.
  void call("delete_class", { classId: "970fab15" });
  // @ts-expect-error: `days` is a number or null, not a string.
  void call("set_retention", { days: "30" });
  // @ts-expect-error: `host_class` needs its event channel too.
  void call("host_class", { request });
  // @ts-expect-error: no such command.
  void call("start_poll", { question: "?" });
  // @ts-expect-error: `end_class` takes no arguments.
  void call("end_class", { now: true });
  // The right forms compile.
  void call("host_class", { request, events: new Channel<AppEvent>() });
  void call("end_class");
}
