// User-facing strings of the widget, in one table so they can be translated.
export const STRINGS = {
  title: 'Copilot',
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected — reconnecting…',
  refused: 'Not connected',
  placeholder: 'Ask about a lot, a result, an SOP…',
  send: 'Ask',
  unavailable: 'The copilot is not available on this server yet.',
  noToken: 'Not logged in.',
} as const;
export type StringKey = keyof typeof STRINGS;
