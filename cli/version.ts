export const VERSION = '1.0.0';
export const SERVER_NAME = `pandaproctor/${VERSION}`;
