// The group grid figure's probe (bench/figures/groupGrid.mjs): a Playwright init script, so it runs in every frame
// before the frame's own scripts. It acts only in a webview's outer frame (VS Code's webview/browser/pre/index.html),
// where the webview's own frame posts its messages by calling `window.parent.__vscode_post_message__`. When that frame
// posts the grid's `ready`, it notes the time, then watches the frame's document for the first `.row` and notes the
// time it went in and the start of the frame that paints it (requestAnimationFrame). Times are performance.timeOrigin +
// performance.now(), one clock across the page's frames. Nothing of the product is changed.
/* global MutationObserver */
export function gridProbe() {
  if (!/\/webview\/browser\/pre\/(index(-no-csp)?\.html)?$/.test(window.location.pathname)) return;
  const now = () => performance.timeOrigin + performance.now();
  // started: when this frame (the panel's webview) began to load.
  const record = { started: performance.timeOrigin, ready: 0, inserted: 0, shown: 0 };
  const watch = (inner) => {
    const found = () => {
      if (record.inserted || !inner.document.querySelector('.row')) return false;
      record.inserted = now();
      inner.requestAnimationFrame(() => {
        record.shown = now();
        globalThis.__phwbGridProbe = record;
      });
      return true;
    };
    if (found()) return;
    const observer = new MutationObserver(() => {
      if (found()) observer.disconnect();
    });
    observer.observe(inner.document, { childList: true, subtree: true });
  };
  let post;
  Object.defineProperty(window, '__vscode_post_message__', {
    configurable: true,
    get: () => post,
    set: (fn) => {
      post = function (command, data) {
        if (!record.ready && command === 'onmessage' && data?.message?.type === 'ready') {
          record.ready = now();
          // The frame that posted: the one holding the grid (it is still 'pending-frame' until it has loaded).
          const inner = [...window.document.querySelectorAll('iframe')]
            .map((f) => f.contentWindow)
            .find((w) => {
              try {
                return w?.document.querySelector('.viewport') != null;
              } catch {
                return false;
              }
            });
          if (inner) watch(inner);
        }
        return fn.call(this, command, data);
      };
    },
  });
}
