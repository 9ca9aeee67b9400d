'use client';
// The top navigation, with the current page marked (aria-current) for eyes and screen readers.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'lb-web' },
  { href: '/hosts', label: 'Hosts' },
  { href: '/runs', label: 'Runs' },
  { href: '/runs/new', label: 'New run' },
  { href: '/compare', label: 'Compare' },
  { href: '/explore', label: 'Explore' },
  { href: '/doctor', label: 'Doctor' },
] as const;

/** The link a path belongs to: the longest prefix ("/runs/new" is New run, "/runs/x" is Runs). */
export function currentLink(pathname: string): string {
  const hits = LINKS.filter((l) => l.href !== '/' && (pathname === l.href || pathname.startsWith(`${l.href}/`)));
  const best = hits.sort((a, b) => b.href.length - a.href.length)[0];
  return best?.href ?? (pathname === '/' ? '/' : '');
}

export function NavLinks() {
  const current = currentLink(usePathname() ?? '/');
  return (
    <>
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} aria-current={current === l.href ? 'page' : undefined}>
          {l.label}
        </Link>
      ))}
    </>
  );
}
