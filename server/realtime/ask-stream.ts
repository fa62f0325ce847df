// The AnswerSink of one question. Events go to the asking socket's own room, not to the
// socket object: room broadcasts are kept by connection state recovery, so an answer that
// streams while the terminal's Wi-Fi blinks still arrives whole after the reconnect.
import type { AnswerSink } from './services';
import type { CopilotNamespace } from './rooms';

export function askStreamer(nsp: CopilotNamespace, socketId: string): { sink: AnswerSink; start(messageId: string): void } {
  let messageId: string | undefined;
  // A service that calls the sink before ask() returns breaks the contract; hold those calls
  // until the id is known rather than losing them.
  const early: Array<(id: string) => void> = [];
  const send = (emit: (id: string) => void) => (messageId ? emit(messageId) : early.push(emit));
  const to = () => nsp.to(socketId);
  return {
    sink: {
      progress: (step) => send((id) => to().emit('answer.progress', { messageId: id, tool: step.tool, text: step.text })),
      delta: (text) => send((id) => to().emit('answer.delta', { messageId: id, text })),
      done: (answer) => send((id) => to().emit('answer.done', { messageId: id, ...answer })),
      error: (error) => send((id) => to().emit('answer.error', { messageId: id, error })),
    },
    start(id) {
      messageId = id;
      for (const emit of early.splice(0)) emit(id);
    },
  };
}
