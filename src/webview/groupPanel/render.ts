// The one place that decides what repaints: after every state change, each region whose inputs changed is
// painted again from the new state, then keyboard focus goes where the change asked for it (or stays where it
// was, on an element that may just have been rebuilt).
import type { PanelModel } from './state';
import type { Views } from './views/layout';

export function render(views: Views, state: PanelModel, previous: PanelModel | undefined): void {
  const changed = (...keys: (keyof PanelModel)[]) => !previous || keys.some((k) => state[k] !== previous[k]);
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.fid;
  const focus = state.focus ?? focused;

  if (changed('group', 'groupKey', 'groupTypeName', 'preview', 'projectNote')) views.header.update(state);
  if (changed('loading', 'saving')) views.header.busy(state);
  if (changed('groupError')) views.banner.update(state);
  if (changed('tab')) views.tabs.update(state);
  if (changed('addDraft', 'addError', 'keySuggestions', 'valueSuggestions')) views.addForm.update(state, previous);
  if (changed('discarded', 'conflicts', 'report', 'staged', 'saving')) views.notices.update(state);
  if (changed('group', 'staged') || editorsChanged(state, previous)) views.properties.update(state, focus);
  else if (changed('filter')) views.properties.filter(state);
  if (changed('activity')) views.activity.update(state);
  if (changed('related')) views.related.update(state);

  if (!previous) views.app.removeAttribute('aria-busy');
  if (focus) {
    const target = Array.from(views.app.querySelectorAll<HTMLElement>('[data-fid]')).find(
      (e) => e.dataset.fid === focus,
    );
    if (target && target !== document.activeElement) target.focus();
  }
}

/** An editor opened, closed or changed type (typing in one changes only its text, which its input already shows). */
function editorsChanged(state: PanelModel, previous: PanelModel | undefined): boolean {
  if (!previous) return true;
  if (state.drafts === previous.drafts) return false;
  if (state.drafts.size !== previous.drafts.size) return true;
  for (const [key, draft] of state.drafts) if (previous.drafts.get(key)?.valueType !== draft.valueType) return true;
  return false;
}
