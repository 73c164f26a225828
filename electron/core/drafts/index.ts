export * from './draftStore';
export * from './reference';
export * from './handlers';
