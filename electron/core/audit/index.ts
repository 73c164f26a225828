export * from './auditLog';
export * from './canonical';
export * from './format';
export * from './handlers';
