/**
 * Runs `work` after the changes made so far are on screen: after the next frame, in a task of its
 * own (work done there cannot hold up that frame). A hidden page paints no frames: then in the
 * next task.
 */
export function afterPaint(work: () => void): void {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
    setTimeout(work, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(work, 0));
}
