// Enhancements only: every page works without this. The countdown ticks; a tap that cannot be
// sent (no signal) is kept on the phone and sent again until it goes through.
"use strict";
(function () {
  var clock = document.querySelector(".clock[data-deadline]");
  if (clock) {
    var deadline = Number(clock.dataset.deadline);
    var skew = Date.now() - Number(clock.dataset.now);
    var digits = clock.querySelector(".digits");
    var tick = function () {
      var left = Math.round((deadline - (Date.now() - skew)) / 1000);
      var s = Math.abs(left);
      var text = s >= 6000 ? Math.floor(s / 3600) + "h" + String(Math.floor(s / 60) % 60).padStart(2, "0") + "m"
        : String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
      digits.textContent = (left < 0 ? "+" : "") + text;
      if (left < 0) { clock.classList.add("late"); }
    };
    setInterval(tick, 1000);
  }
  // The public board: reloaded when any desk commits a change.
  if (document.querySelector(".board") && window.EventSource) {
    new EventSource("/events").addEventListener("change", function () { window.location.reload(); });
  }
  var KEY = "dutydesk-pending";
  var waiting = document.querySelector(".waiting");
  function send(item) {
    return fetch(item.action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: item.body,
      redirect: "follow",
      credentials: "same-origin"
    }).then(function (r) {
      if (r.status >= 500) { throw new Error("server " + r.status); }
      localStorage.removeItem(KEY);
      window.location.replace(r.url);
    });
  }
  function retry() {
    var saved = localStorage.getItem(KEY);
    if (!saved) { return; }
    if (waiting) { waiting.hidden = false; }
    send(JSON.parse(saved)).catch(function () { setTimeout(retry, 5000); });
  }
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new URLSearchParams(new FormData(form, e.submitter));
      var item = { action: form.action, body: data.toString() };
      localStorage.setItem(KEY, JSON.stringify(item));
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      send(item).catch(function () {
        if (waiting) { waiting.hidden = false; }
        setTimeout(retry, 5000);
      });
    });
  });
  retry();
})();
