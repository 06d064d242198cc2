// The visit checklist saves each answer as it is entered (htmx). In the field the connection drops:
// every answer is also kept in this browser until the server confirms it, put back if the page is
// reloaded, and sent again when the connection returns, so nothing typed is lost.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.answer-form");
  var banner = document.getElementById("connection-status");
  var store = window.localStorage;

  function snapshot(form) {
    var values = {};
    new FormData(form).forEach(function (value, name) { values[name] = value; });
    return JSON.stringify(values);
  }

  function offline(isOffline) {
    if (banner) { banner.hidden = !isOffline; }
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
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) {
        offline(false);
        if (store.getItem(key) === snapshot(form)) { store.removeItem(key); }
      }
    });
    form.addEventListener("htmx:sendError", function () { offline(true); });
  });

  window.addEventListener("online", function () {
    forms.forEach(function (form) {
      if (store.getItem(form.dataset.key)) { htmx.trigger(form, "change"); }
    });
  });
})();
