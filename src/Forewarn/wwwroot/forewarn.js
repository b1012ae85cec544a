// Forewarn pages work without script; this only saves a click: choosing a Smart Account in the selector at the
// top right reloads the same page (the same tab) for that account, as the "Go" button does.
(function () {
  'use strict';
  document.querySelectorAll('form.account-selector select[name="sa"]').forEach(function (select) {
    select.addEventListener('change', function () {
      if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
    });
  });
})();
