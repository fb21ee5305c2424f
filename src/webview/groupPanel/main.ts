// Placeholder: replaced by the group panel webview (issue #5).
export {};
