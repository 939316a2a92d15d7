// Live progress of a scheduler run: polls the run's JSON once a second and fills the
// fields marked data-field; reloads the page once the run has ended, so its outcome
// (and the new draft) shows. Loaded from a file, so the page needs no inline script.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("progress");

  function show(name, value) {
    var field = box.querySelector('[data-field="' + name + '"]');
    if (field) {
      field.textContent = value === null || value === "" ? "—" : String(value);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (run) {
        show("status_label", run.status_label);
        show("elapsed_s", Math.round(run.elapsed_s));
        show("objective", run.objective);
        show("bound", run.bound);
        show("phase", run.phase);
        if (bar) {
          bar.max = run.time_limit_s;
          bar.value = Math.min(run.elapsed_s, run.time_limit_s);
        }
        if (run.active) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 1000);
})();
