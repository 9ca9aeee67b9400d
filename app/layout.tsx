import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

export const metadata = { title: 'lb-web', description: 'PEVA-FAAS dashboard', icons: { icon: '/icon.svg' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <nav className="topnav">
            <Link href="/">lb-web</Link>
            <Link href="/hosts">Hosts</Link>
            <Link href="/runs">Runs</Link>
            <Link href="/runs/new">New run</Link>
            <Link href="/compare">Compare</Link>
            <Link href="/explore">Explore</Link>
            <Link href="/doctor">Doctor</Link>
          </nav>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
