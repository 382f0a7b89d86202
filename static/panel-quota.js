// SPDX-License-Identifier: EUPL-1.2
// panel-quota.js: the burgerraad quotas editor's live feasibility check, an
// enhancement only: without JavaScript the "Check" button does the same. While
// staff type, the form is posted (debounced) to the JSON check, which saves
// nothing, and the answer is written into a polite live region.
(function () {
  'use strict';
  var form = document.querySelector('form[data-check]');
  var out = document.getElementById('quota-live');
  if (!form || !out || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  var seq = 0;
  function show(j) {
    var parts = [j.message || j.detail || ''];
    if (j.reasons && j.reasons.length) parts.push(j.reasons.join(' '));
    if (j.smallest_change && j.smallest_change.length) {
      parts.push(form.getAttribute('data-change-label') + ' ' + j.smallest_change.map(function (c) {
        return c.feature + ' ' + c.value + ': ' + c.min + '–' + c.max + ' → ' + c.new_min + '–' + c.new_max;
      }).join('; '));
    }
    out.textContent = parts.join(' ');
  }
  function check() {
    var body = new URLSearchParams(new FormData(form));
    body.delete('action');
    var mine = ++seq;
    fetch(form.getAttribute('data-check'), {
      method: 'POST', body: body, credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    }).then(function (res) { return res.json(); }).then(function (j) {
      if (mine === seq) show(j);
    }).catch(function () { /* the Check button still works */ });
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
