import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';
import { NavLinks } from '@/components/ui/nav-links';
import { ThemeToggle } from '@/components/ui/theme-toggle';
import { THEME_BOOT_SCRIPT } from '@/components/ui/theme';

export const metadata = { title: 'lb-web', description: 'PEVA-FAAS dashboard', icons: { icon: '/icon.svg' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // data-theme is set by the boot script before the first paint, so React must not mind it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <Providers>
          <nav className="topnav" aria-label="Main">
            <NavLinks />
            <span className="spacer" />
            <ThemeToggle />
          </nav>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
