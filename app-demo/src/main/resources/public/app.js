/*
 * Sessionstream demo UI: one script for every page; <body data-page="..."> picks the page.
 *
 * - The session is the HttpOnly cookie the login answer sets. This script never sees, keeps
 *   or sends the token itself: every call is a same-origin fetch that carries the cookie.
 * - Every value from the API reaches the page as text (textContent, attributes set one by
 *   one), never as HTML.
 * - A page that needs a session asks GET /api/me on load; on 401 it sends the browser to
 *   signin.html?next=<this page>, and a successful sign-in comes back to it.
 */
'use strict';

(function () {

  // ---------------------------------------------------------------- HTTP

  /**
   * This page's state-changing calls still in flight. A revocation is pushed to the page before its own answer
   * arrives (the server answers once every instance has applied it), and that answer may carry the successor
   * session's cookie (a password change renews the session): the push waits for them before it decides.
   */
  const inFlight = new Set();

  /** One API call. Resolves to {ok, status, body, retryAfter}; status 0 when the network failed. */
  function api(method, path, body) {
    if (method === 'GET') return call(method, path, body);
    const pending = call(method, path, body);
    inFlight.add(pending);
    pending.finally(() => inFlight.delete(pending));
    return pending;
  }

  async function call(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      return { ok: false, status: 0, body: {}, retryAfter: null };
    }
    let json = {};
    const text = await response.text().catch(() => '');
    if (text) {
      try { json = JSON.parse(text); } catch (e) { json = {}; }
    }
    return { ok: response.ok, status: response.status, body: json || {}, retryAfter: response.headers.get('Retry-After') };
  }

  /** Retry-After (seconds or an HTTP date) as a phrase, e.g. "3 seconds"; null if absent. */
  function retryPhrase(retryAfter) {
    if (!retryAfter) return null;
    let seconds = /^\d+$/.test(retryAfter.trim())
      ? parseInt(retryAfter, 10)
      : Math.ceil((Date.parse(retryAfter) - Date.now()) / 1000);
    if (!Number.isFinite(seconds)) return null;
    seconds = Math.max(1, seconds);
    return seconds === 1 ? '1 second' : seconds + ' seconds';
  }

  /** The sentence to show for a failed call. */
  function describe(res) {
    const body = res.body || {};
    // Every error answer is {error, message}; a failed validation lists its fields in the message.
    const message = typeof body.message === 'string' ? body.message : '';
    const wait = retryPhrase(res.retryAfter);
    switch (res.status) {
      case 0:
        return 'Could not reach the server. Check the connection and try again.';
      case 429:
        return (message || 'Too many attempts.') + ' Try again in ' + (wait || 'a little while') + '.';
      case 502:
      case 503:
        return (message || 'The service is busy.') + ' Please retry ' + (wait ? 'in ' + wait : 'in a moment') + '.';
      default:
        return message || 'The request failed (HTTP ' + res.status + ').';
    }
  }

  // ---------------------------------------------------------------- DOM

  const $ = (selector) => document.querySelector(selector);

  function setText(selector, value) {
    const el = $(selector);
    if (el) el.textContent = value == null || value === '' ? '—' : String(value);
  }

  function show(selector, message) {
    const el = $(selector);
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
  }

  function hide(...selectors) {
    selectors.forEach((s) => { const el = $(s); if (el) el.hidden = true; });
  }

  /** Disables the element while work runs, so a double click sends one request. */
  async function busy(button, work) {
    if (button) button.disabled = true;
    try {
      return await work();
    } finally {
      if (button) button.disabled = false;
    }
  }

  function element(tag, props, ...children) {
    const el = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === 'className') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v);
    });
    children.forEach((c) => el.append(c));
    return el;
  }

  function formatTime(iso) {
    if (!iso) return '—';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  // ---------------------------------------------------------------- navigation

  function go(page) {
    location.assign(page);
  }

  /** To the sign-in page, which returns here afterwards. */
  function toSignIn() {
    const here = (location.pathname.split('/').pop() || 'index.html') + location.search;
    location.replace('signin.html?next=' + encodeURIComponent(here));
  }

  /**
   * Where to go after signing in: the "next" parameter if it is a page of this origin, else home. The answer is
   * the absolute URL, never the path alone: a path such as "//evil.example" (which "/.//evil.example" normalises
   * to) would be read by the browser as another host.
   */
  function nextPage() {
    const next = param('next');
    if (!next) return 'index.html';
    try {
      const url = new URL(next, location.href);
      if (url.origin === location.origin && url.pathname.startsWith('/') && !url.pathname.startsWith('//')
          && !url.pathname.includes('\\') && !url.pathname.endsWith('/signin.html')) {
        return url.href;
      }
    } catch (e) { /* not a URL: go home */ }
    return 'index.html';
  }

  function setServedBy(instance) {
    if (instance) setText('#served-by', instance);
  }

  /**
   * GET /api/me: the session as this app instance sees it, and which instance answered.
   * With required, a 401 leaves for the sign-in page (and resolves to null).
   */
  async function whoAmI(required) {
    const res = await api('GET', '/api/me');
    setServedBy(res.body && res.body.instance);
    if (res.ok || res.status === 401) document.body.dataset.signedIn = String(res.ok);
    if (res.ok && required && !document.body.dataset.watching) {
      document.body.dataset.watching = 'pending';
      watchSession();
    }
    if (res.ok) return res.body;
    if (!required) return null;
    if (res.status === 401) toSignIn();
    else show('#page-error', describe(res));
    return null;
  }

  async function signOutTo(path, page) {
    const res = await api('POST', path);
    if (res.ok || res.status === 401) {
      tellOtherTabs('logout');
      go(page);
    } else {
      show('#page-error', describe(res));
    }
  }

  /** Submit handler wiring: prevents the page load, hides the card's old messages, guards the button. */
  function onSubmit(formSelector, handler) {
    const form = $(formSelector);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      (form.closest('.card') || form).querySelectorAll('.alert').forEach((a) => { a.hidden = true; });
      busy(form.querySelector('button[type="submit"]'), () => handler(form));
    });
  }

  function value(selector) {
    return $(selector).value;
  }

  /** Client-side check of a new password and its confirmation; the message, or null if fine. */
  function passwordProblem(password, confirmation) {
    if (password.length < 8 || password.length > 128) return 'The password must have 8 to 128 characters.';
    if (password !== confirmation) return 'The two passwords differ.';
    return null;
  }

  // ---------------------------------------------------------------- signed out elsewhere

  /** What the sign-in page says after the session ended by itself, by the reason the server gave. */
  const SIGNED_OUT = {
    logout: 'You signed out (in another tab or window).',
    revoked_by_user: 'This device was signed out from another device.',
    revoke_others: 'This device was signed out from another device ("sign out other devices").',
    logout_everywhere: 'You signed out everywhere.',
    password_changed: 'Your password was changed on another device. Sign in with the new password.',
    password_reset: 'Your password was reset. Sign in with the new password.',
    revoked_by_admin: 'An administrator signed this session out.',
    revoked_all_by_admin: 'An administrator signed out all your sessions.',
    expired: 'Your session expired. Please sign in again.',
    signed_out: 'You are signed out.',
  };

  const tabs = 'BroadcastChannel' in window ? new BroadcastChannel('sessionstream') : null;

  /** Tells the other tabs of this browser at once (the server tells them too, a moment later). */
  function tellOtherTabs(reason) {
    if (tabs) tabs.postMessage({ signedOut: reason });
  }

  /** Leaves a page whose session has ended for the sign-in page, which says why, and comes back after. */
  function signedOut(reason) {
    const here = (location.pathname.split('/').pop() || 'index.html') + location.search;
    location.replace('signin.html?signedout=' + encodeURIComponent(reason || 'signed_out')
      + '&next=' + encodeURIComponent(here));
  }

  /**
   * On a page that shows a session: the server's push channel (server-sent events from this instance, fed by the
   * revocation broadcast) says the moment the session ends, and why; the page goes to sign-in by itself. The
   * channel reconnects by itself; a page whose session is already gone is told at once.
   */
  function watchSession() {
    if (tabs) {
      tabs.onmessage = (m) => { if (m.data && m.data.signedOut) leaveUnlessRenewed(m.data.signedOut); };
    }
    if (!('EventSource' in window)) return;
    const source = new EventSource('/api/session/events');
    source.addEventListener('signed-out', (e) => {
      source.close();
      let reason = 'signed_out';
      try { reason = JSON.parse(e.data).reason || reason; } catch (err) { /* keep the generic reason */ }
      leaveUnlessRenewed(reason);
    });
    source.addEventListener('session', () => { document.body.dataset.watching = 'true'; });
  }

  /**
   * The session this page watched has ended; the cookie may already hold its successor (a password change renews
   * the session, a sign-in in another tab replaces it): then watch that one, else go to sign-in.
   */
  async function leaveUnlessRenewed(reason) {
    await Promise.all([...inFlight]);
    const res = await api('GET', '/api/me');
    if (res.ok) {
      watchSession();
    } else {
      signedOut(reason);
    }
  }

  // ---------------------------------------------------------------- pages

  const pages = {};

  pages.signin = function () {
    whoAmI(false);
    if (param('reset')) show('#signin-notice', 'Your new password is set. Sign in with it.');
    else if (param('signedout')) show('#signin-notice', SIGNED_OUT[param('signedout')] || SIGNED_OUT.signed_out);
    else if (param('next')) show('#signin-notice', 'Please sign in to continue.');
    const signup = $('#signup-link');
    if (signup && param('next')) signup.href = 'signup.html?next=' + encodeURIComponent(param('next'));

    onSubmit('#signin-form', async () => {
      const res = await api('POST', '/api/auth/login', { email: value('#email'), password: value('#password') });
      if (res.ok) go(nextPage());
      else show('#signin-error', describe(res));
    });
  };

  pages.signup = function () {
    whoAmI(false);
    onSubmit('#signup-form', async () => {
      const credentials = { email: value('#email'), password: value('#password') };
      const problem = passwordProblem(credentials.password, value('#password-confirm'));
      if (problem) return show('#signup-error', problem);
      const created = await api('POST', '/api/users', credentials);
      if (!created.ok) return show('#signup-error', describe(created));
      // Sign-up answers alike for a new and a taken address (the owner of a taken one gets a mail instead),
      // so only signing in tells whether this is a new account.
      const login = await api('POST', '/api/auth/login', credentials);
      if (login.ok) return go(nextPage());
      if (login.status === 401) {
        return show('#signup-error', 'If this address already had an account, we have sent it a mail: sign in, '
          + 'or reset the password from there.');
      }
      show('#signup-error', describe(login));
    });
  };

  pages.home = async function () {
    $('#refresh').addEventListener('click', () => busy($('#refresh'), showHome));
    $('#logout').addEventListener('click', () => busy($('#logout'), () => signOutTo('/api/auth/logout', 'signin.html?signedout=logout')));
    await showHome();
  };

  async function showHome() {
    hide('#page-error');
    const me = await whoAmI(true);
    if (!me) return;
    setText('#whoami-user-id', me.userId);
    setText('#whoami-session-id', me.sessionId);
    setText('#whoami-instance', me.instance);
    $('#whoami').hidden = false;
    // The email is the auth-service's to tell; /api/me is the app instance's own view.
    const account = await api('GET', '/api/auth/me');
    if (account.status === 401) return toSignIn();
    setText('#whoami-email', account.ok ? account.body.email : '(unavailable)');
    if (!account.ok) show('#page-error', describe(account));
  }

  pages.sessions = async function () {
    if (!await whoAmI(true)) return;
    $('#select-all').addEventListener('change', (e) => {
      document.querySelectorAll('#sessions-table tbody input.select').forEach((c) => { c.checked = e.target.checked; });
    });
    $('#revoke-selected').addEventListener('click', () => busy($('#revoke-selected'), revokeSelected));
    $('#revoke-others').addEventListener('click', () => busy($('#revoke-others'), revokeOthers));
    $('#logout-everywhere').addEventListener('click',
      () => busy($('#logout-everywhere'), () => signOutTo('/api/auth/logout-everywhere', 'signin.html?signedout=logout_everywhere')));
    $('#sessions-table tbody').addEventListener('click', (e) => {
      const button = e.target.closest('button.revoke');
      if (button) busy(button, () => revokeOne(button.dataset.sessionId, button.dataset.current === 'true'));
    });
    await loadSessions();
  };

  let currentSessionId = null;

  async function loadSessions() {
    const res = await api('GET', '/api/auth/sessions');
    if (res.status === 401) return toSignIn();
    if (!res.ok) return show('#sessions-error', describe(res));
    renderSessions(Array.isArray(res.body.sessions) ? res.body.sessions : []);
  }

  function renderSessions(sessions) {
    const tbody = $('#sessions-table tbody');
    tbody.replaceChildren();
    $('#select-all').checked = false;
    currentSessionId = null;
    sessions.forEach((s) => {
      if (s.current) currentSessionId = s.id;
      const device = element('td', { className: 'device', text: s.device || 'Unknown device' });
      if (s.userAgent) device.title = s.userAgent;
      if (s.current) device.append(element('span', { className: 'badge', text: 'this device' }));
      const row = element('tr', { dataset: { sessionId: s.id, current: String(Boolean(s.current)) } },
        element('td', {}, element('input', { type: 'checkbox', className: 'select', value: s.id,
          'aria-label': 'Select session ' + s.id })),
        device,
        element('td', { className: 'ip', text: s.ip || '—' }),
        element('td', { className: 'time created', text: formatTime(s.createdAt), title: s.createdAt || '' }),
        element('td', { className: 'time last-seen', text: formatTime(s.lastSeenAt), title: s.lastSeenAt || '' }),
        element('td', {}, element('button', { type: 'button', className: 'revoke' + (s.current ? '' : ' danger'),
          text: s.current ? 'Sign out' : 'Revoke', dataset: { sessionId: s.id, current: String(Boolean(s.current)) } })));
      if (s.current) row.classList.add('current');
      tbody.append(row);
    });
    setText('#sessions-count', sessions.length === 1 ? '1 session' : sessions.length + ' sessions');
    $('#sessions-empty').hidden = sessions.length > 0;
  }

  async function afterRevocation(res, includesCurrent, notice) {
    if (res.ok) {
      if (includesCurrent) { tellOtherTabs('revoked_by_user'); return go('signin.html?signedout=revoked_by_user'); }
      show('#sessions-notice', notice);
    } else if (res.status === 401) {
      return toSignIn();
    } else {
      show('#sessions-error', describe(res));
    }
    await loadSessions();
  }

  async function revokeOne(id, current) {
    hide('#sessions-notice', '#sessions-error');
    const res = await api('DELETE', '/api/auth/sessions/' + encodeURIComponent(id));
    await afterRevocation(res, current, 'Session revoked. That device is signed out everywhere.');
  }

  async function revokeSelected() {
    hide('#sessions-notice', '#sessions-error');
    const ids = Array.from(document.querySelectorAll('#sessions-table tbody input.select:checked')).map((c) => c.value);
    if (!ids.length) return show('#sessions-error', 'Select at least one session first.');
    const res = await api('POST', '/api/auth/sessions/revoke', { sessionIds: ids });
    await afterRevocation(res, ids.includes(currentSessionId),
      (ids.length === 1 ? '1 session' : ids.length + ' sessions') + ' revoked.');
  }

  async function revokeOthers() {
    hide('#sessions-notice', '#sessions-error');
    const res = await api('POST', '/api/auth/sessions/revoke-others');
    await afterRevocation(res, false, 'Every other session is revoked; this device stays signed in.');
  }

  pages.password = async function () {
    if (!await whoAmI(true)) return;
    onSubmit('#password-form', async (form) => {
      const newPassword = value('#new-password');
      const problem = passwordProblem(newPassword, value('#confirm-password'));
      if (problem) return show('#password-error', problem);
      const res = await api('POST', '/api/auth/password', { currentPassword: value('#current-password'), newPassword });
      if (res.status === 401) return toSignIn();
      if (!res.ok) return show('#password-error', describe(res));
      form.reset();
      // The answer renewed this browser's session (a new cookie came with it); every other session has ended.
      show('#password-notice', 'Password changed. Your other sessions are signed out; this one is renewed and stays.');
    });
  };

  pages.forgot = function () {
    whoAmI(false);
    onSubmit('#forgot-form', async () => {
      const res = await api('POST', '/api/auth/password-reset', { email: value('#email') });
      if (!res.ok) return show('#forgot-error', describe(res));
      show('#forgot-notice', res.body.message || 'If that address has an account, a reset link has been mailed to it.');
    });
  };

  pages.reset = function () {
    whoAmI(false);
    const token = param('token');
    // Keep the token out of the address bar and the history once it is read.
    history.replaceState(null, '', location.pathname);
    if (!token) {
      show('#reset-error', 'This reset link is incomplete. Request a new one.');
      $('#reset-form').hidden = true;
      return;
    }
    onSubmit('#reset-form', async () => {
      const newPassword = value('#new-password');
      const problem = passwordProblem(newPassword, value('#confirm-password'));
      if (problem) return show('#reset-error', problem);
      const res = await api('POST', '/api/auth/password-reset/confirm', { token, newPassword });
      if (res.ok) return go('signin.html?reset=1');
      show('#reset-error', describe(res));
    });
  };

  // ---------------------------------------------------------------- start

  function markCurrentNav() {
    const here = location.pathname.split('/').pop() || 'index.html';
    document.querySelectorAll('.site-header nav a').forEach((a) => {
      if (a.getAttribute('href') === here) a.setAttribute('aria-current', 'page');
    });
  }

  markCurrentNav();
  const page = pages[document.body.dataset.page];
  if (page) page();
})();
