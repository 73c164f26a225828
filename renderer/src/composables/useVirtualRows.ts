import { computed, nextTick, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export interface VirtualRowsOptions {
  /** Fixed row height in px, kept in step with the rows' CSS. */
  rowHeight: number;
  /** Rows rendered beyond the visible ones, above and below. */
  overscan: number;
  /** Used until the scroller has been measured (and where layout is not computed, e.g. tests). */
  fallbackViewport: number;
}

/**
 * A virtual list of fixed-height rows with one row in the tab order (roving tabindex): only the
 * rows in view (plus `overscan`) are rendered; Up/Down/Page Up/Page Down/Home/End move the active
 * row. The component binds `scroller` as the scroll box's ref and `onScroll` to its scroll event.
 */
export function useVirtualRows<T>(items: Ref<readonly T[]>, options: VirtualRowsOptions) {
  const { rowHeight, overscan, fallbackViewport } = options;
  const scroller = ref<HTMLElement | null>(null);
  const scrollTop = ref(0);
  const viewport = ref(fallbackViewport);
  const active = ref(0);
  let observer: ResizeObserver | null = null;

  const first = computed(() => Math.max(0, Math.floor(scrollTop.value / rowHeight) - overscan));
  const last = computed(() =>
    Math.min(items.value.length, Math.ceil((scrollTop.value + viewport.value) / rowHeight) + overscan),
  );
  const visible = computed(() =>
    items.value.slice(first.value, last.value).map((item, i) => ({ item, index: first.value + i })),
  );
  /** The row in the tab order: the active one when rendered, else the first rendered. */
  const tabIndexRow = computed(() =>
    active.value >= first.value && active.value < last.value ? active.value : first.value,
  );

  function onScroll(): void {
    if (scroller.value) scrollTop.value = scroller.value.scrollTop;
  }

  function measure(): void {
    const height = scroller.value?.clientHeight ?? 0;
    viewport.value = height > 0 ? height : fallbackViewport;
  }
  onMounted(() => {
    measure();
    if (typeof ResizeObserver !== 'undefined' && scroller.value) {
      observer = new ResizeObserver(measure);
      observer.observe(scroller.value);
    }
  });
  onBeforeUnmount(() => observer?.disconnect());

  /** Back to the top (only writes scrollTop when scrolled: that forces a layout). */
  function resetScroll(): void {
    active.value = 0;
    if (scrollTop.value !== 0 && scroller.value) scroller.value.scrollTop = 0;
    scrollTop.value = 0;
  }

  /** Makes row `index` (clamped) active, scrolls it into view and focuses it. */
  async function focusRow(index: number): Promise<void> {
    if (items.value.length === 0) return;
    const target = Math.min(items.value.length - 1, Math.max(0, index));
    active.value = target;
    const el = scroller.value;
    if (el) {
      const top = target * rowHeight;
      const height = el.clientHeight || viewport.value;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
      scrollTop.value = el.scrollTop;
    }
    await nextTick();
    el?.querySelector<HTMLElement>(`[data-index="${target}"]`)?.focus();
  }

  /** Handles a movement key on row `index` (true when it was one). */
  function moveByKey(event: KeyboardEvent, index: number): boolean {
    const page = Math.max(1, Math.floor(viewport.value / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: items.value.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return false;
    event.preventDefault();
    void focusRow(target);
    return true;
  }

  return { scroller, active, first, visible, tabIndexRow, onScroll, resetScroll, focusRow, moveByKey };
}
