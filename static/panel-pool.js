// SPDX-License-Identifier: EUPL-1.2
// panel-pool.js: an enhancement of the burgerraad pool upload. The server takes
// the CSV as pasted text (the form works without JavaScript); with JavaScript,
// staff can also pick the file: it is read in the browser and put into the
// text field, to be checked and sent with the form as before.
(function () {
  'use strict';
  var form = document.querySelector('form[data-pool-file]');
  var area = document.getElementById('f-pool');
  if (!form || !area || !window.FileReader) return;
  var wrap = document.createElement('div');
  wrap.className = 'utrecht-form-field';
  var label = document.createElement('label');
  label.className = 'utrecht-form-label';
  label.htmlFor = 'pool-file';
  label.textContent = form.getAttribute('data-pool-file');
  var input = document.createElement('input');
  input.type = 'file';
  input.id = 'pool-file';
  input.accept = '.csv,text/csv,text/plain';
  var note = document.createElement('p');
  note.className = 'utrecht-paragraph';
  note.setAttribute('role', 'status');
  wrap.appendChild(label);
  wrap.appendChild(input);
  wrap.appendChild(note);
  area.closest('.utrecht-form-field').before(wrap);
  input.addEventListener('change', function () {
    var f = input.files && input.files[0];
    if (!f) return;
    if (f.size > 1024 * 1024) {
      note.textContent = form.getAttribute('data-too-big');
      return;
    }
    var rd = new FileReader();
    rd.onload = function () {
      area.value = String(rd.result).replace(/^\uFEFF/, '');
      note.textContent = form.getAttribute('data-loaded');
    };
    rd.readAsText(f);
  });
})();
