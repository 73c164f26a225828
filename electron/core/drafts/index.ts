export * from './draftStore';
export * from './handlers';
