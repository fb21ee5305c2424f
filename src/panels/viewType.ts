/** The webview panel type of group panels (also the key VS Code restores them by). */
export const GROUP_PANEL_VIEW_TYPE = 'posthogWorkbench.group';
