import type { ReactNode } from 'react';
import './globals.css';

export const metadata = { title: 'lb-web', description: 'PEVA-FAAS dashboard' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <nav className="topnav">
          <a href="/">lb-web</a>
          <a href="/hosts">Hosts</a>
          <a href="/runs">Runs</a>
          <a href="/runs/new">New run</a>
          <a href="/explore">Explore</a>
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
