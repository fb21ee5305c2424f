// Placeholder: replaced by the undici transport (issue #2).
export const transport = undefined;
