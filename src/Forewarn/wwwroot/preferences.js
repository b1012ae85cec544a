// The Notifications section of the Preferences tab, live in the page. The server applies the same rules on Save
// (SavePreferences, ExpiringRange.Normalise), so without this script the form still works.
//  - N3: with Daily Event Summary on and Licenses Expiring selected, 90 days is preselected when no range is chosen;
//    with either off no range is selected and the choice is disabled.
//  - N6: Reset returns every field to the saved state (the data-saved attributes), without a reload.
(function () {
  'use strict';
  var form = document.getElementById('preferences');
  if (!form) return;
  var daily = document.getElementById('daily-event-summary');
  var expiring = document.getElementById('event-LicensesExpiring');
  var range = document.getElementById('expiring-range');
  var radios = Array.prototype.slice.call(form.querySelectorAll('input[name="ExpiringRangeDays"]'));
  var preselected = range.getAttribute('data-preselected');

  function sync(preselect) {
    var applies = daily.checked && expiring.checked;
    range.disabled = !applies;
    if (!applies) {
      radios.forEach(function (r) { r.checked = false; });
    } else if (preselect && !radios.some(function (r) { return r.checked; })) {
      radios.forEach(function (r) { r.checked = r.value === preselected; });
    }
  }

  daily.addEventListener('change', function () { sync(true); });
  expiring.addEventListener('change', function () { sync(true); });

  form.addEventListener('reset', function (e) {
    // The markup holds what the user last submitted (after a refused save, their input); the saved state is in data-saved.
    e.preventDefault();
    form.querySelectorAll('input[data-saved]').forEach(function (input) {
      var saved = input.getAttribute('data-saved');
      if (input.type === 'checkbox' || input.type === 'radio') input.checked = saved === 'true';
      else input.value = saved;
      input.removeAttribute('aria-invalid');
    });
    // Errors belonged to the refused input, which is gone now.
    document.querySelectorAll('#error-summary, #preferences .field-errors').forEach(function (el) { el.hidden = true; });
    sync(false);
  });

  sync(false);
})();
