import { cx } from '../ui/cx';

/** The portcullis mark (a gate grille) and the product name. */
export function Logo({ className, dark }: { className?: string; dark?: boolean }) {
  return (
    <span className={cx('inline-flex items-center gap-2 text-lg font-semibold tracking-tight', className)}>
      <svg viewBox="0 0 24 24" className="size-7" aria-hidden="true">
        <rect x="2" y="2" width="20" height="20" rx="5" className="fill-indigo-600" />
        <path
          d="M7 6v13M12 6v13M17 6v13M5.5 10h13M5.5 14.5h13"
          stroke="white"
          strokeWidth="1.8"
          strokeLinecap="round"
        />
      </svg>
      <span className={dark ? 'text-white' : 'text-slate-900'}>Portcullis</span>
    </span>
  );
}
