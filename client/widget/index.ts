// Entry of /widget.js: registers <qloop-copilot> once, whatever page loads it, and exposes
// the element class for translations (window.QloopCopilot.registerStrings).
import { QloopCopilotElement } from './qloop-copilot';

declare global {
  interface Window {
    QloopCopilot?: typeof QloopCopilotElement;
  }
}

if (!customElements.get('qloop-copilot')) customElements.define('qloop-copilot', QloopCopilotElement);
window.QloopCopilot = customElements.get('qloop-copilot') as typeof QloopCopilotElement;
