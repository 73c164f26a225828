/**
 * Runs `work` after the changes made so far are on screen: after the next frame, in a task of its
 * own (work done there cannot hold up that frame). Even asking for the frame waits for a task of
 * its own, so it costs nothing in the work that made the changes. A hidden page paints no frames:
 * then in the next task.
 */
export function afterPaint(work: () => void): void {
  setTimeout(() => {
    if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') work();
    else requestAnimationFrame(() => setTimeout(work, 0));
  }, 0);
}
