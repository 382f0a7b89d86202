// SPDX-License-Identifier: EUPL-1.2
// ballot-total.js: on the buurtbudget ballot, keeps count of what the
// resident chose (money, number of projects or points) against the round's
// limit, in a polite live region. An enhancement only: without JavaScript the
// line stays hidden and the server checks the same when the vote is sent.
// The sentences come from the page (translated there); {n}, {limit} and
// {over} are filled in here.
(function () {
  'use strict';
  var out = document.getElementById('ballot-total');
  var box = document.getElementById('f-choices');
  if (!out || !box) return;
  var kind = out.getAttribute('data-kind');
  var limit = Number(out.getAttribute('data-limit')) || 0;
  // The same format as the server's amounts: "€ 27.200".
  function euro(n) {
    return '€ ' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }
  function fmt(n) { return kind === 'budget' ? euro(n) : String(n); }
  function total() {
    var n = 0;
    if (kind === 'points') {
      box.querySelectorAll('input.wb-points').forEach(function (i) {
        var v = parseInt(i.value, 10);
        if (v > 0) n += v;
      });
    } else {
      box.querySelectorAll('input[type=checkbox]:checked').forEach(function (c) {
        n += kind === 'count' ? 1 : Number(c.getAttribute('data-cost')) || 0;
      });
    }
    return n;
  }
  function show() {
    var n = total();
    var text = out.getAttribute('data-total').replace('{n}', fmt(n)).replace('{limit}', fmt(limit));
    if (limit > 0 && n > limit)
      text += ' ' + out.getAttribute('data-over').replace('{over}', fmt(n - limit));
    out.textContent = text;
    out.classList.toggle('wb-total--over', limit > 0 && n > limit);
  }
  out.hidden = false;
  box.addEventListener('change', show);
  box.addEventListener('input', show);
  show();
})();
