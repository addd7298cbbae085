/* Offline drafts: a form marked data-offline-draft keeps what is typed in localStorage. Submitted
   without a connection it is queued (one entry per form: submitting again replaces it) with the
   notice "未发送，联网后自动提交", and sent once when the connection returns. An entry is taken
   out of the queue before it is sent, so two "online" events or two tabs never send it twice;
   if the send itself fails, it goes back into the queue. Files cannot be kept offline. */
(function () {
  'use strict';
  var QUEUE_KEY = 'cppcc-offline-queue';
  var INFLIGHT_KEY = 'cppcc-offline-inflight';
  var PENDING_TEXT = '未发送，联网后自动提交';
  var sending = false;

  function read(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function draftKey(form) {
    return 'cppcc-draft:' + (form.getAttribute('data-offline-draft') || location.pathname);
  }
  function formUrl(form) { return form.getAttribute('action') ? form.action : location.href; }

  function pairs(form, submitter) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string') { out.push([name, value]); }
    });
    if (submitter && submitter.name) { out.push([submitter.name, submitter.value || '']); }
    return out;
  }

  function status(form, text, kind) {
    var box = form.querySelector('.offline-draft-status');
    if (!box) {
      box = document.createElement('div');
      box.className = 'offline-draft-status alert';
      box.setAttribute('role', 'status');
      box.setAttribute('aria-live', 'polite');
      form.insertBefore(box, form.firstChild);
    }
    box.className = 'offline-draft-status alert alert-' + (kind || 'warning');
    box.textContent = text;
  }

  function saveDraft(form) {
    var fields = pairs(form).filter(function (p) { return p[0] !== 'csrfmiddlewaretoken'; });
    write(draftKey(form), { saved: Date.now(), fields: fields });
  }

  function restoreDraft(form) {
    var draft = read(draftKey(form), null);
    if (!draft || !draft.fields) { return; }
    var values = {};
    draft.fields.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    var restored = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || el.type === 'hidden' || el.type === 'file') { return; }
      var wanted = values[el.name];
      if (el.type === 'checkbox' || el.type === 'radio') { return; }
      if (el.tagName === 'SELECT' && el.multiple) {
        if (el.selectedOptions.length) { return; }
        Array.prototype.forEach.call(el.options, function (o) { o.selected = wanted.indexOf(o.value) >= 0; });
        restored = restored || wanted.length > 0;
      } else if (el.value === '' && wanted[0]) {
        el.value = wanted[0];
        restored = true;
      }
    });
    if (restored) { status(form, '已恢复本机保存的未提交内容。', 'info'); }
  }

  function enqueue(form, submitter) {
    var key = draftKey(form);
    var queue = read(QUEUE_KEY, []).filter(function (item) { return item.draftKey !== key; });
    queue.push({ id: String(Date.now()) + Math.random().toString(16).slice(2), url: formUrl(form),
                 draftKey: key, fields: pairs(form, submitter), queued: Date.now() });
    write(QUEUE_KEY, queue);
    status(form, PENDING_TEXT, 'warning');
  }

  function sendNext() {
    if (sending || !navigator.onLine) { return; }
    var queue = read(QUEUE_KEY, []);
    if (!queue.length) { return; }
    var item = queue.shift();
    write(QUEUE_KEY, queue); // taken out first: never sent twice
    write(INFLIGHT_KEY, item);
    sending = true;
    var body = new FormData();
    var token = '';
    item.fields.forEach(function (p) {
      body.append(p[0], p[1]);
      if (p[0] === 'csrfmiddlewaretoken') { token = p[1]; }
    });
    var form = document.querySelector('form[data-offline-draft]');
    fetch(item.url, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'X-CSRFToken': token } })
      .then(function (response) {
        localStorage.removeItem(INFLIGHT_KEY);
        sending = false;
        if (!response.ok) {
          if (form) { status(form, '自动提交未成功(' + response.status + '),内容仍保存在本机,请检查后重新提交。', 'danger'); }
          return;
        }
        if (response.redirected && response.url.indexOf('/accounts/login/') >= 0) {
          var again = read(QUEUE_KEY, []);
          again.unshift(item);
          write(QUEUE_KEY, again);
          if (form) { status(form, '登录已过期:请重新登录,登录后自动提交。', 'danger'); }
          return;
        }
        if (response.redirected) {
          localStorage.removeItem(item.draftKey);
          if (form) { status(form, '已联网,离线填写的内容已自动提交。', 'success'); }
          window.location.assign(response.url);
          return;
        }
        // the same page came back: the server did not accept the form (e.g. a required field)
        if (form) { status(form, '自动提交未通过校验,内容仍保存在本机,请检查后重新提交。', 'danger'); }
      })
      .catch(function () {
        localStorage.removeItem(INFLIGHT_KEY);
        var back = read(QUEUE_KEY, []);
        back.unshift(item);
        write(QUEUE_KEY, back);
        sending = false;
        if (form) { status(form, PENDING_TEXT, 'warning'); }
      });
  }

  function setUp(form) {
    restoreDraft(form);
    var key = draftKey(form);
    if (read(QUEUE_KEY, []).some(function (item) { return item.draftKey === key; })) {
      status(form, PENDING_TEXT, 'warning');
    }
    form.addEventListener('input', function () { saveDraft(form); });
    form.addEventListener('change', function () { saveDraft(form); });
    form.addEventListener('submit', function (event) {
      if (navigator.onLine) {
        localStorage.removeItem(key);
        return;
      }
      event.preventDefault();
      enqueue(form, event.submitter);
      // the form was not sent: undo the double-submit guard (portal.js) so it can be saved again
      setTimeout(function () {
        delete form.dataset.submitted;
        form.querySelectorAll('button[type=submit]').forEach(function (b) { b.removeAttribute('aria-disabled'); });
      }, 0);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-offline-draft]'), setUp);
    sendNext();
  });
  window.addEventListener('online', sendNext);
}());
