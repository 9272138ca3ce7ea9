import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { CcgScoped, Public } from '../auth/auth.decorators.js';
import { projectRoot } from '../common/project-root.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConsoleAuthGuard, ConsoleRoles } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { CAN, SESSION_TTL_MS, sameToken, type ConsoleRequest } from './console-session.js';
import { ConsoleSessionsService } from './console-sessions.service.js';
import { SESSION_COOKIE, SIGN_IN_CSRF_COOKIE, clearCookie, readCookies, setCookie } from './cookies.js';
import { refuseForeignOrigin } from './same-origin.js';

const NHSUK_DIST = join(dirname(require.resolve('nhsuk-frontend/package.json', { paths: [projectRoot()] })), 'dist', 'nhsuk');
const NHSUK_IMAGES = new Set(readdirSync(join(NHSUK_DIST, 'assets', 'images')));

/** Only same-site paths under /console are followed after signing in (the home page with its
 *  filter too: `/console?region=London`), and only pages a GET opens (not a form's address, such
 *  as sign-out's); anything else goes to the home page. */
const safeNext = (next: unknown, opens: (path: string) => boolean): string =>
  typeof next === 'string' && /^\/console(\/[\w\-./?=&%:+]*|\?[\w\-.=&%:+]*)?$/.test(next) && opens(next.split('?')[0]) ? next : '/console';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): unknown;
}

@ApiExcludeController()
@Public()
@UseFilters(ConsoleExceptionFilter)
@Controller()
export class ConsoleHomeController {
  constructor(
    private readonly sessions: ConsoleSessionsService,
    private readonly renderer: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapter: HttpAdapterHost,
  ) {}

  /** Whether a route of the app's router (as Nest registered them) answers a GET of `path`; the
   *  catch-all paths are middleware mounts (the form parser, for every method), not pages. */
  private readonly opensWithGet = (path: string): boolean => {
    const router = this.adapter.httpAdapter?.getInstance<{ router?: { stack?: RouteLayer[] } } | undefined>()?.router;
    try {
      return (router?.stack ?? []).some(
        (layer) => layer.route?.methods.get === true && !layer.route.path.includes('*') && Boolean(layer.match(path)),
      );
    } catch {
      return false; // a percent-escape the router cannot decode
    }
  };

  @Get()
  root(@Res() res: Response): void {
    res.redirect(302, '/console');
  }

  /** The NHS.UK design system's stylesheet and the images it refers to (at /assets/images). */
  @Get('console/assets/nhsuk-frontend.min.css')
  css(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(join(NHSUK_DIST, 'nhsuk-frontend.min.css'));
  }

  @Get('console/assets/console.css')
  consoleCss(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(join(this.config.TEMPLATES_DIR, 'console', 'console.css'));
  }

  /** The console's one script: sizes embedded documents to their content. */
  @Get('console/assets/console.js')
  consoleJs(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('application/javascript').sendFile(join(this.config.TEMPLATES_DIR, 'console', 'console.js'));
  }

  @Get('assets/images/:file')
  image(@Param('file') file: string, @Res() res: Response): void {
    if (!NHSUK_IMAGES.has(file)) {
      res.status(404).end();
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(join(NHSUK_DIST, 'assets', 'images', file));
  }

  /** The sign-in form carries a token matched by a short-lived cookie, so another site cannot
   *  sign a browser in under its own key. */
  @Get('console/sign-in')
  signInPage(@Req() req: Request & ConsoleRequest, @Res() res: Response, @Query('next') next?: string): void {
    // Reuse a token the browser already holds, so two sign-in tabs (or a request still in flight
    // from a page left behind) do not invalidate each other's form.
    const held = readCookies(req)[SIGN_IN_CSRF_COOKIE];
    const csrf = held && /^[\w-]{32}$/.test(held) ? held : randomBytes(24).toString('base64url');
    setCookie(req, res, SIGN_IN_CSRF_COOKIE, csrf, 30 * 60 * 1000, '/console/sign-in');
    this.renderer.send(req, res, 'sign-in', { title: 'Sign in', csrf, next: safeNext(next, this.opensWithGet) });
  }

  @Post('console/sign-in')
  async signIn(@Req() req: Request & ConsoleRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    // Login CSRF: another site must not sign this browser in under a key of its choosing.
    refuseForeignOrigin(req, this.config.PUBLIC_ORIGIN);
    const expected = readCookies(req)[SIGN_IN_CSRF_COOKIE];
    const retry = (status: number, error: string) => {
      const csrf = randomBytes(24).toString('base64url');
      setCookie(req, res, SIGN_IN_CSRF_COOKIE, csrf, 30 * 60 * 1000, '/console/sign-in');
      this.renderer.send(req, res, 'sign-in', { title: 'Sign in', csrf, next: safeNext(body?.next, this.opensWithGet), error }, status);
    };
    if (!expected || !sameToken(expected, body?._csrf)) return retry(403, 'The form had expired. Enter your API key again.');
    const key = typeof body.apiKey === 'string' ? body.apiKey : '';
    if (!key.trim()) return retry(422, 'Enter your API key');
    const signedIn = await this.sessions.signIn(key);
    if (!signedIn) return retry(401, 'That API key is not recognised, or it has been revoked');
    clearCookie(req, res, SIGN_IN_CSRF_COOKIE, '/console/sign-in');
    setCookie(req, res, SESSION_COOKIE, signedIn.token, SESSION_TTL_MS);
    res.redirect(303, safeNext(body.next, this.opensWithGet));
  }

  @Post('console/sign-out')
  @UseGuards(ConsoleAuthGuard)
  @ConsoleRoles(...CAN.everyone, 'ccg')
  @CcgScoped()
  async signOut(@Req() req: Request & ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(req.consoleSession!);
    clearCookie(req, res, SESSION_COOKIE);
    res.redirect(303, '/console/sign-in');
  }
}
