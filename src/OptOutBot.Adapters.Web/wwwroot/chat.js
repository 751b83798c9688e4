// OptOutBot web chat. Builds every node from text (textContent only, no HTML parsing), keeps only a random
// conversation id in sessionStorage (gone when the tab closes), sets no cookie.
(function () {
  'use strict';

  var UI = {
    fr: {
      language: 'Langue', menu: 'Menu', forget: 'Oublier mes données', question: 'Votre question', send: 'Envoyer',
      help: 'Par exemple : « comment m’opposer sur Instagram ? »', options: 'Options',
      intro: 'Je vous aide à vous opposer à l’utilisation de vos données pour entraîner l’IA de Meta. Rien n’est conservé sur cet appareil à la fermeture de l’onglet.',
      you: 'Vous : ', bot: 'OptOutBot : ', newTab: ' (nouvel onglet)', sources: 'Source : ', waiting: 'OptOutBot écrit…',
      tooMany: 'Trop de messages d’un coup. Patientez un instant puis réessayez.', tooLong: 'Question trop longue : raccourcissez-la.',
      failed: 'Le message n’est pas passé. Vérifiez votre connexion et réessayez.', conversation: 'Conversation'
    },
    en: {
      language: 'Language', menu: 'Menu', forget: 'Forget my data', question: 'Your question', send: 'Send',
      help: 'For example: “how do I opt out on Instagram?”', options: 'Options',
      intro: 'I help you object to Meta using your data to train its AI. Nothing is kept on this device once the tab is closed.',
      you: 'You: ', bot: 'OptOutBot: ', newTab: ' (new tab)', sources: 'Source: ', waiting: 'OptOutBot is typing…',
      tooMany: 'Too many messages at once. Wait a moment and try again.', tooLong: 'Question too long: please shorten it.',
      failed: 'The message did not go through. Check your connection and try again.', conversation: 'Conversation'
    }
  };
  var ID_KEY = 'optoutbot.conversationId';
  var ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
  var memoryId = null;
  var locale = document.documentElement.lang === 'en' ? 'en' : 'fr';
  var busy = false;

  var $ = function (id) { return document.getElementById(id); };
  var log = $('log');
  var form = $('ask');
  var input = $('q');
  var status = $('status');

  function t(key) { return (UI[locale] || UI.fr)[key]; }

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

  function link(label, url, className) {
    var a = el('a', className, label);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.appendChild(hidden(t('newTab')));
    return a;
  }

  function spans(parent, list) {
    (list || []).forEach(function (span) {
      var url = safeUrl(span.url);
      var node = url ? link(span.text, url) : document.createTextNode(span.text);
      if (span.italic) { var em = el('em'); em.appendChild(node); node = em; }
      if (span.bold) { var strong = el('strong'); strong.appendChild(node); node = strong; }
      parent.appendChild(node);
    });
  }

  function blocks(parent, list) {
    (list || []).forEach(function (block) {
      if (block.kind === 'ul' || block.kind === 'ol') {
        var listNode = el(block.kind);
        if (block.kind === 'ol' && block.start > 1) { listNode.start = block.start; }
        block.items.forEach(function (item) { var li = el('li'); spans(li, item); listNode.appendChild(li); });
        parent.appendChild(listNode);
      } else {
        var p = el('p');
        block.items.forEach(function (item, i) { if (i > 0) { p.appendChild(el('br')); } spans(p, item); });
        parent.appendChild(p);
      }
    });
  }

  function formatDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) { return iso || ''; }
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' })
        .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
    } catch (e) { return iso; }
  }

  function botMessage(message, lang) {
    var box = el('div', 'msg bot');
    box.lang = lang;
    box.appendChild(hidden(t('bot')));
    if (message.blocks && message.blocks.length) { blocks(box, message.blocks); } else { box.appendChild(el('p', null, message.text)); }

    if (message.links && message.links.length) {
      var links = el('div', 'links');
      message.links.forEach(function (l) { var url = safeUrl(l.url); if (url) { links.appendChild(link(l.label, url, 'linkbutton')); } });
      box.appendChild(links);
    }

    if (message.choices && message.choices.length) {
      var choices = el('div', 'choices');
      message.choices.forEach(function (c) {
        var b = el('button', null, c.label);
        b.type = 'button';
        b.addEventListener('click', function () { send({ action: c.action }, c.label); });
        choices.appendChild(b);
      });
      box.appendChild(choices);
    }

    if (message.sources && message.sources.length) {
      var foot = el('p', 'sources');
      foot.appendChild(document.createTextNode(t('sources')));
      message.sources.forEach(function (s, i) {
        if (i > 0) { foot.appendChild(document.createTextNode(' · ')); }
        var url = safeUrl(s.url);
        foot.appendChild(url ? link(s.title, url) : document.createTextNode(s.title));
        if (s.date) { foot.appendChild(document.createTextNode(', ' + formatDate(s.date, lang))); }
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
  }

  function errorMessage(text) {
    var box = el('div', 'msg error', text);
    box.setAttribute('role', 'alert');
    log.appendChild(box);
  }

  function applyLocale(next) {
    if (!UI[next]) { return; }
    locale = next;
    document.documentElement.lang = next;
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

  function scrollToEnd(node) {
    if (node && node.scrollIntoView) { node.scrollIntoView({ block: 'nearest' }); }
  }

  // payload: {text} | {action} | {command, argument}; echo: what to show as the person's message (null: nothing).
  function send(payload, echo) {
    if (busy) { return; }
    busy = true;
    if (echo) { myMessage(echo); }
    status.textContent = t('waiting');
    log.setAttribute('aria-busy', 'true');
    var body = { conversationId: conversationId() };
    Object.keys(payload).forEach(function (k) { body[k] = payload[k]; });

    fetch('api/chat', { // relative: works behind a proxy that serves the bot under a sub-path
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      if (response.status === 429) { throw new Error(t('tooMany')); }
      if (response.status === 400) {
        return response.json().catch(function () { return {}; }).then(function (e) {
          throw new Error(e && e.error === 'text_too_long' ? t('tooLong') : t('failed'));
        });
      }
      if (!response.ok) { throw new Error(t('failed')); }
      return response.json();
    }).then(function (reply) {
      if (payload.action === 'c:forget:yes' || (payload.command === 'forget' && payload.argument === 'yes')) {
        forgetId(); // the server erased this conversation: start the next turn as a new stranger
      }
      applyLocale(reply.locale);
      var last = null;
      (reply.messages || []).forEach(function (m) { last = botMessage(m, reply.locale); });
      scrollToEnd(last);
    }).catch(function (e) {
      errorMessage(e && e.message && e.message.length < 200 ? e.message : t('failed'));
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
    send({ text: text }, text);
    input.focus();
  });

  document.querySelectorAll('[data-lang]').forEach(function (b) {
    b.addEventListener('click', function () {
      var name = b.querySelector('.visually-hidden');
      send({ command: 'language', argument: b.getAttribute('data-lang') }, (name ? name.textContent : b.textContent).trim());
    });
  });
  $('menu').addEventListener('click', function () { send({ action: 'm' }, t('menu')); });
  $('forget').addEventListener('click', function () { send({ command: 'forget' }, t('forget')); });

  var preferred = (navigator.language || '').toLowerCase().slice(0, 2);
  applyLocale(preferred === 'en' ? 'en' : 'fr');
  send({ command: 'start' }, null);
})();
