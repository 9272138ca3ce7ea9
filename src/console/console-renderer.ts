import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import type { ConsoleRequest } from './console-session.js';
import { outcomeWords } from './outcome-words.js';

/** Console pages may load only the app's own styles, and nothing may frame them. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const NAV = [
  { href: '/console', label: 'National picture', roles: ['board', 'panel', 'auditor', 'admin'] },
  { href: '/console/queue', label: 'Review queue', roles: ['board', 'panel', 'auditor', 'admin'] },
  { href: '/console/ccgs', label: 'CCGs', roles: ['board', 'panel', 'auditor', 'admin'] },
  { href: '/console/audit', label: 'Audit', roles: ['board', 'panel', 'auditor', 'admin'] },
  { href: '/console/rules', label: 'Rules', roles: ['board', 'auditor', 'admin'] },
  // A ccg session's own CCG and the barriers it raises (src/barriers/console/); Board staff triage.
  { href: '/console/my-ccg', label: 'My CCG', roles: ['ccg'] },
  // Every role reads the barriers (the API's GET /api/v1/barriers too); a panel member only reads.
  { href: '/console/barriers', label: 'Barriers', roles: ['board', 'panel', 'auditor', 'admin', 'ccg'] },
  { href: '/console/admin', label: 'Admin', roles: ['admin'] },
];

/**
 * Renders console pages: a template of templates/console/pages inside layouts/page, with the
 * signed-in user, the navigation their role may use and the CSRF token every form carries. A
 * second DocumentRenderer over templates/console, so Handlebars escapes every value here too.
 */
@Injectable()
export class ConsoleRenderer {
  private readonly renderer: DocumentRenderer;
  /** The console's own entries, then the families' pages (a panel's proposals); Admin stays last. */
  private readonly menu: readonly { href: string; label: string; roles: readonly string[] }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig, families: FamilyRegistry) {
    this.renderer = new DocumentRenderer(join(config.TEMPLATES_DIR, 'console'));
    // `{{outcomeWords family key}}`: an outcome key in words (outcome-words.ts); `family` is its id.
    this.renderer.registerHelper('outcomeWords', (family: unknown, key: unknown) =>
      outcomeWords(typeof family === 'string' ? families.find(family) : undefined, typeof key === 'string' ? key : undefined),
    );
    const isAdmin = (n: { href: string }) => n.href === '/console/admin';
    const familyNav = families.all().flatMap((f) => f.console?.nav ?? []);
    this.menu = [...NAV.filter((n) => !isAdmin(n)), ...familyNav, ...NAV.filter(isAdmin)];
  }

  html(req: Request & ConsoleRequest, page: string, view: { title: string } & Record<string, unknown>): string {
    const session = req.consoleSession;
    // The home page is every page's prefix: it is current only on itself.
    const section = this.menu.find((n) => (n.href === '/console' ? /^\/console\/?$/.test(req.path) : req.path.startsWith(n.href)))?.href;
    return this.renderer.renderWithin('layouts/page', `pages/${page}`, {
      ...view,
      user: session ? { name: session.actor.name, role: session.role } : null,
      csrf: session?.csrfToken ?? view.csrf,
      nav: session ? this.menu.filter((n) => n.roles.includes(session.role)).map((n) => ({ ...n, current: n.href === section })) : [],
    });
  }

  send(req: Request & ConsoleRequest, res: Response, page: string, view: { title: string } & Record<string, unknown>, status = 200): void {
    res.status(status);
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    // Not helmet's no-referrer: under it browsers send `Origin: null` on form posts, and the
    // console checks Origin (same-origin.ts). Other sites still get no referrer at all.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(this.html(req, page, view));
  }
}
