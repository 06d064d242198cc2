// The visit checklist saves each answer as it is entered (htmx). In the field the connection drops and
// servers fail: every answer is also kept in this browser until the server confirms it, put back if the
// page is reloaded, and sent again when the connection returns, so nothing typed is lost. An answer the
// server did not save looks failed (red, "Not saved — try again"), is retried a few times with growing
// pauses, and offers a button to try again at once.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.answer-form");
  var banner = document.getElementById("connection-status");
  var checklist = document.querySelector(".checklist");
  var store = window.localStorage;
  var PAUSES = [1000, 3000, 9000]; // automatic retries after a server error, then only the button
  var words = checklist ? checklist.dataset : {};

  function snapshot(form) {
    var values = {};
    new FormData(form).forEach(function (value, name) { values[name] = value; });
    return JSON.stringify(values);
  }

  function offline(isOffline) {
    if (banner) { banner.hidden = !isOffline; }
  }

  function itemOf(form) { return form.closest(".checklist-item") || form; }

  function stateOf(form) { return form.querySelector(".save-state"); }

  function show(form, state, text, withButton) {
    var item = itemOf(form);
    item.dataset.save = state;
    var box = stateOf(form);
    box.textContent = "";
    var span = document.createElement("span");
    span.className = state === "failed" ? "flag save-failed" : "muted";
    span.textContent = text;
    if (state === "failed") {
      span.setAttribute("data-testid", "save-failed");
      span.setAttribute("role", "alert");
    }
    box.appendChild(span);
    if (withButton) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button-secondary retry";
      button.textContent = words.retry || "Try again";
      button.addEventListener("click", function () { send(form, true); });
      box.appendChild(document.createTextNode(" "));
      box.appendChild(button);
    }
  }

  function send(form, byHand) {
    if (form._retry) { clearTimeout(form._retry); form._retry = null; }
    if (byHand) { form._failures = 0; }
    htmx.trigger(form, "change");
  }

  function failed(form, reason) {
    form._failures = (form._failures || 0) + 1;
    var pause = PAUSES[form._failures - 1];
    var text = words.failed || "Not saved — try again";
    if (reason) { text = text + " (" + reason + ")"; }
    show(form, "failed", text, true);
    if (pause !== undefined && navigator.onLine !== false) {
      form._retry = setTimeout(function () { form._retry = null; send(form, false); }, pause);
    }
  }

  forms.forEach(function (form) {
    var key = form.dataset.key;
    var kept = store.getItem(key);
    if (kept) {
      var values = JSON.parse(kept);
      Object.keys(values).forEach(function (name) {
        if (form.elements[name]) { form.elements[name].value = values[name]; }
      });
      htmx.trigger(form, "change");
    }
    ["input", "change"].forEach(function (type) {
      form.addEventListener(type, function () { store.setItem(key, snapshot(form)); });
    });
    form.addEventListener("htmx:beforeRequest", function () {
      if (form._retry) { clearTimeout(form._retry); form._retry = null; }
      show(form, "saving", words.saving || "Saving…", false);
    });
    form.addEventListener("htmx:beforeSwap", function (event) {
      var status = event.detail.xhr.status;
      // The server refused the answer itself (a wrong value, a concluded visit): show its reason.
      if (status === 400 || status === 409) {
        event.detail.shouldSwap = true;
      }
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail.xhr;
      var status = xhr ? xhr.status : 0;
      if (event.detail.successful) {
        offline(false);
        form._failures = 0;
        itemOf(form).dataset.save = "saved";
        if (store.getItem(key) === snapshot(form)) { store.removeItem(key); }
      } else if (status === 400 || status === 409) {
        itemOf(form).dataset.save = "refused";
      } else if (status >= 500) {
        failed(form, "HTTP " + status);
      }
    });
    form.addEventListener("htmx:sendError", function () {
      offline(true);
      show(form, "failed", words.kept || "Not sent yet: kept on this device", true);
    });
  });

  window.addEventListener("online", function () {
    forms.forEach(function (form) {
      if (store.getItem(form.dataset.key)) { send(form, true); }
    });
  });
})();
