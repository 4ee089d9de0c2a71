import type { Writable } from "node:stream";
import type { AlertSender } from "../../src/alerts/alert-types.ts";
import { renderAlertText } from "./render-alert-text.ts";

/**
 * Alerts for the console chat (local use): printed as plain text (see
 * {@link renderAlertText}) to `output`, one block per message. The console
 * is one chat; every target prints there.
 */
export function createConsoleAlertSender(output: Writable): AlertSender {
  let printed = 0;
  return {
    platform: "console",
    async send(_target, message) {
      try {
        await new Promise<void>((resolve, reject) =>
          output.write(`\n${renderAlertText(message)}\n\n`, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      } catch (error) {
        return { kind: "transient", error: error instanceof Error ? error.message : String(error) };
      }
      printed += 1;
      return { kind: "sent", messageId: `console-${printed}` };
    },
  };
}
