export * from './Badge';
export * from './Button';
export * from './Card';
export * from './ConfirmDialog';
export * from './CopyButton';
export * from './ErrorBanner';
export * from './States';
export * from './Tabs';
