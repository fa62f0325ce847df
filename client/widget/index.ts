// Entry of /widget.js: registers <qloop-copilot> once, whatever page loads it.
import { QloopCopilotElement } from './qloop-copilot';

if (!customElements.get('qloop-copilot')) customElements.define('qloop-copilot', QloopCopilotElement);
