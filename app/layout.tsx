import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

export const metadata = { title: 'lb-web', description: 'PEVA-FAAS dashboard' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <nav className="topnav">
            <a href="/">lb-web</a>
            <a href="/hosts">Hosts</a>
            <a href="/runs">Runs</a>
            <a href="/runs/new">New run</a>
            <a href="/explore">Explore</a>
            <a href="/doctor">Doctor</a>
          </nav>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
