/** What each kind's config fields receive from the policy form. */
export interface KindFieldsProps<T> {
  value: T;
  onChange: (patch: Partial<T>) => void;
  /** The message to show under a field, by path ('config.limit'), or undefined. */
  error: (path: string) => string | undefined;
  disabled?: boolean;
}
