// OptOutBot web chat. Builds every node from text (textContent only, no HTML parsing), keeps only a random
// conversation id in sessionStorage (gone when the tab closes), sets no cookie. Its strings come from ui.json
// (the `web` section of each language's ui.yaml).
(function () {
  'use strict';

  var ID_KEY = 'optoutbot.conversationId';
  var ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
  // Used only when ui.json itself cannot be loaded, so the person still learns why nothing happens: every language's
  // web.offline, written into the page by the server.
  var OFFLINE = document.body.getAttribute('data-offline') || '';
  var memoryId = null;
  var ui = { defaultLocale: document.documentElement.lang, locales: [], strings: {} };
  var locale = document.documentElement.lang;
  var chosen = null; // the language the person picked with a button: sent as the hint, so it survives "forget"
  var busy = false;

  var $ = function (id) { return document.getElementById(id); };
  var bar = $('bar');
  var log = $('log');
  var form = $('ask');
  var input = $('q');
  var status = $('status');
  var reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)');

  function t(key) {
    var own = ui.strings[locale] || {};
    var fallback = ui.strings[ui.defaultLocale] || {};
    return typography(own[key] !== undefined ? own[key] : (fallback[key] !== undefined ? fallback[key] : ''), locale);
  }

  // A language whose ui.yaml says web.typography: french puts a (narrow) no-break space before ? ! : ; » and after «;
  // a plain space lets them wrap onto a line of their own on a narrow screen. Only spaces already written are
  // replaced: "insta?" stays as typed.
  function typography(text, lang) {
    var own = ui.strings[lang] || {};
    if (typeof text !== 'string' || own.typography !== 'french') { return text; }
    return text.replace(/[ \u00a0]([?!;»])/g, '\u202f$1').replace(/ :/g, '\u00a0:').replace(/« /g, '«\u00a0');
  }

  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += (bytes[i] + 0x100).toString(16).slice(1); }
    return s;
  }

  // sessionStorage may be blocked (private modes, storage disabled): then the id lives as long as the page.
  function conversationId() {
    try {
      var id = sessionStorage.getItem(ID_KEY);
      if (!id || !ID_PATTERN.test(id)) { id = newId(); sessionStorage.setItem(ID_KEY, id); }
      return id;
    } catch (e) {
      if (!memoryId) { memoryId = newId(); }
      return memoryId;
    }
  }

  function forgetId() {
    memoryId = null;
    try { sessionStorage.removeItem(ID_KEY); } catch (e) { /* storage blocked: nothing was kept */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function hidden(text) { return el('span', 'visually-hidden', text); }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
  }

  function link(label, url, className, lang) {
    var a = el('a', className, typography(label, lang));
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.appendChild(hidden(t('new_tab')));
    return a;
  }

  function spans(parent, list, lang) {
    (list || []).forEach(function (span) {
      var url = safeUrl(span.url);
      var node = url ? link(span.text, url, null, lang) : document.createTextNode(typography(span.text, lang));
      if (span.italic) { var em = el('em'); em.appendChild(node); node = em; }
      if (span.bold) { var strong = el('strong'); strong.appendChild(node); node = strong; }
      parent.appendChild(node);
    });
  }

  function blocks(parent, list, lang) {
    (list || []).forEach(function (block) {
      if (block.kind === 'ul' || block.kind === 'ol') {
        var listNode = el(block.kind);
        if (block.kind === 'ol' && block.start > 1) { listNode.start = block.start; }
        block.items.forEach(function (item) { var li = el('li'); spans(li, item, lang); listNode.appendChild(li); });
        parent.appendChild(listNode);
      } else {
        var p = el('p');
        block.items.forEach(function (item, i) { if (i > 0) { p.appendChild(el('br')); } spans(p, item, lang); });
        parent.appendChild(p);
      }
    });
  }

  // Dates follow the page language's own convention (ui.yaml web.date_locale: en-GB writes 14 Apr 2025, not Apr 14).
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) { return iso || ''; }
    try {
      return new Intl.DateTimeFormat(t('date_locale') || locale, { dateStyle: 'medium', timeZone: 'UTC' })
        .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    } catch (e) { return iso; }
  }

  function sourcesLabel(count) {
    var rule = 'other';
    try { rule = new Intl.PluralRules(t('date_locale') || locale).select(count); } catch (e) { /* old browser: plural */ }
    return rule === 'one' ? t('source_one') : t('source_other');
  }

  function botMessage(message, lang) {
    var box = el('div', 'msg bot');
    box.lang = lang;
    box.appendChild(hidden(t('bot')));
    if (message.blocks && message.blocks.length) { blocks(box, message.blocks, lang); } else { box.appendChild(el('p', null, typography(message.text, lang))); }

    if (message.links && message.links.length) {
      var links = el('div', 'links');
      message.links.forEach(function (l) { var url = safeUrl(l.url); if (url) { links.appendChild(link(l.label, url, 'linkbutton', lang)); } });
      box.appendChild(links);
    }

    if (message.choices && message.choices.length) {
      var choices = el('div', 'choices');
      message.choices.forEach(function (c) {
        var b = el('button', null, typography(c.label, lang));
        b.type = 'button';
        b.addEventListener('click', function () { send({ action: c.action }, c.label, true); });
        choices.appendChild(b);
      });
      box.appendChild(choices);
    }

    var sources = (message.sources || []).filter(function (s) { return s && s.title; });
    if (sources.length) {
      var foot = el('p', 'sources');
      foot.appendChild(document.createTextNode(sourcesLabel(sources.length)));
      sources.forEach(function (s, i) {
        if (i > 0) { foot.appendChild(document.createTextNode(' · ')); }
        var url = safeUrl(s.url);
        foot.appendChild(url ? link(s.title, url, null, lang) : document.createTextNode(typography(s.title, lang)));
        if (s.date) { foot.appendChild(document.createTextNode(', ' + formatDate(s.date))); }
      });
      box.appendChild(foot);
    }

    log.appendChild(box);
    return box;
  }

  function myMessage(text) {
    var box = el('div', 'msg me');
    box.appendChild(hidden(t('you')));
    box.appendChild(el('p', null, text));
    log.appendChild(box);
    return box;
  }

  function errorMessage(text) {
    var box = el('div', 'msg error', text);
    box.setAttribute('role', 'alert');
    log.appendChild(box);
    return box;
  }

  // The conversation moved on: an earlier step's buttons would answer that step, so they stop working (and say why).
  function retireChoices() {
    log.querySelectorAll('.choices:not(.past)').forEach(function (group) {
      group.classList.add('past');
      group.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      group.appendChild(hidden(t('past_step')));
    });
  }

  function applyLocale(next) {
    if (!next || !ui.strings[next]) { return; }
    locale = next;
    document.documentElement.lang = next;
    document.title = t('title');
    $('lang-label').textContent = t('language');
    $('tools').setAttribute('aria-label', t('options'));
    $('menu').textContent = t('menu');
    $('forget').textContent = t('forget');
    $('q-label').textContent = t('question');
    $('send').textContent = t('send');
    $('q-help').textContent = t('help');
    $('intro').textContent = t('intro');
    $('log-label').textContent = t('conversation');
    document.querySelectorAll('[data-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-lang') === next ? 'true' : 'false');
    });
  }

  function barHeight() { return getComputedStyle(bar).position === 'sticky' ? bar.getBoundingClientRect().height : 0; }

  // Shows the start of the answer just below the sticky bar: a long answer is read from its top, and the form at
  // the bottom never hides a new button as long as the answer fits on the screen.
  function reveal(node) {
    if (!node) { return; }
    var top = node.getBoundingClientRect().top + window.scrollY - barHeight() - 8;
    window.scrollTo({ top: Math.max(0, top), behavior: reducedMotion && reducedMotion.matches ? 'auto' : 'smooth' });
  }

  // payload: {text} | {action} | {command, argument}; echo: what to show as the person's message (null: nothing);
  // pressed: a button started the turn, so focus goes to the first new choice (else it stays in the input).
  function send(payload, echo, pressed) {
    if (busy) { return; }
    busy = true;
    var echoed = echo ? myMessage(echo) : null;
    status.textContent = t('waiting');
    log.setAttribute('aria-busy', 'true');
    var body = { conversationId: conversationId() };
    if (chosen) { body.locale = chosen; }
    Object.keys(payload).forEach(function (k) { body[k] = payload[k]; });

    fetch('api/chat', { // relative: works behind a proxy that serves the bot under a sub-path
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      if (response.status === 429) { throw new Error(t('too_many')); }
      if (response.status === 400) {
        return response.json().catch(function () { return {}; }).then(function (e) {
          throw new Error(e && e.error === 'text_too_long' ? t('too_long') : t('failed'));
        });
      }
      if (!response.ok) { throw new Error(t('failed')); }
      return response.json();
    }).then(function (reply) {
      if (payload.action === 'c:forget:yes' || (payload.command === 'forget' && payload.argument === 'yes')) {
        forgetId(); // the server erased this conversation: start the next turn as a new stranger (same language)
      }
      if (payload.command === 'language' && reply.locale === payload.argument) { chosen = reply.locale; }
      applyLocale(reply.locale);
      retireChoices();
      var first = null;
      (reply.messages || []).forEach(function (m) { var box = botMessage(m, reply.locale); first = first || box; });
      // The question too, when it fits on the screen with the whole answer.
      var room = window.innerHeight - barHeight() - form.getBoundingClientRect().height - 16;
      var last = log.lastElementChild;
      reveal(echoed && first && last.getBoundingClientRect().bottom - echoed.getBoundingClientRect().top <= room ? echoed : first);
      var next = first && log.querySelector('.choices:not(.past) button');
      if (pressed && next) { next.focus({ preventScroll: true }); }
    }).catch(function (e) {
      reveal(errorMessage(e && e.message && e.message.length < 200 ? e.message : t('failed')));
    }).then(function () {
      busy = false;
      status.textContent = '';
      log.removeAttribute('aria-busy');
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) { return; }
    input.value = '';
    send({ text: text }, text, false);
    input.focus({ preventScroll: true });
  });

  document.querySelectorAll('[data-lang]').forEach(function (b) {
    b.addEventListener('click', function () {
      var name = b.querySelector('.visually-hidden');
      send({ command: 'language', argument: b.getAttribute('data-lang') }, (name ? name.textContent : b.textContent).trim(), false);
    });
  });
  $('menu').addEventListener('click', function () { send({ action: 'm' }, t('menu'), true); });
  $('forget').addEventListener('click', function () { send({ command: 'forget' }, t('forget'), true); });

  fetch('ui.json', { credentials: 'omit' }).then(function (r) {
    if (!r.ok) { throw new Error('ui.json ' + r.status); }
    return r.json();
  }).then(function (strings) {
    ui = strings;
    var preferred = (navigator.language || '').toLowerCase().split('-')[0];
    applyLocale(ui.strings[preferred] ? preferred : ui.defaultLocale);
    send({ command: 'start' }, null, false);
  }).catch(function () { errorMessage(OFFLINE); });
})();
